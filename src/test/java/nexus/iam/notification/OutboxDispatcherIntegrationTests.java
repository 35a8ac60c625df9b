package nexus.iam.notification;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.MailSendException;

import tools.jackson.databind.json.JsonMapper;

import nexus.iam.identity.IdentityService;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.Sql;
import nexus.iam.testsupport.TestClock;
import nexus.iam.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dispatchers of its own beside the application's, on the same database and SMTP server. Their
 * rows are due two hours ahead and their clocks run three hours ahead, so the application's
 * dispatcher (on the real time) never touches them. They would take any other pending row too:
 * these tests rely on the others having none left when they end (tests run one at a time).
 */
class OutboxDispatcherIntegrationTests extends IntegrationTest {

	private static final Duration AHEAD = Duration.ofHours(3);

	private static final Duration LEASE = Duration.ofMinutes(2);

	@Autowired
	private OutboxRepository repository;

	@Autowired
	private IdentityService identities;

	@Autowired
	private MailRenderer renderer;

	@Autowired
	private MailTransport smtp;

	@Autowired
	private JsonMapper json;

	@Test
	void dispatchWhenTwoDispatchersRaceThenEveryEmailSentOnce() throws Exception {
		List<String> addresses = queue(24);
		TestClock clock = clockAhead();
		OutboxDispatcher first = dispatcher(this.smtp, clock, 3, 10);
		OutboxDispatcher second = dispatcher(this.smtp, clock, 3, 10);
		CountDownLatch start = new CountDownLatch(1);

		try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
			List<Future<Integer>> dealtWith = new ArrayList<>();
			for (OutboxDispatcher dispatcher : List.of(first, second)) {
				dealtWith.add(threads.submit(() -> {
					start.await();
					int total = 0;
					for (int round = 0; round < 100; round++) {
						int count = dispatcher.dispatchOnce();
						if (count == 0) {
							return total;
						}
						total += count;
					}
					throw new AssertionError("still claiming after 100 rounds");
				}));
			}
			start.countDown();
			assertThat(dealtWith.get(0).get() + dealtWith.get(1).get()).as("rows dealt with in all")
				.isGreaterThanOrEqualTo(24);
		}

		for (String address : addresses) {
			assertThat(Mails.to(address)).as(address).hasSize(1);
		}
		assertThat(count("status = 'sent'", addresses)).isEqualTo(24);
	}

	@Test
	void dispatchWhenAnotherDispatcherIsSendingThenItsLeaseKeepsTheRowsFromThisOne() throws Exception {
		List<String> addresses = queue(3);
		TestClock clock = clockAhead();
		CountDownLatch sending = new CountDownLatch(1);
		CountDownLatch proceed = new CountDownLatch(1);
		MailTransport slow = (message) -> {
			sending.countDown();
			waitFor(proceed);
			this.smtp.send(message);
		};
		OutboxDispatcher holder = dispatcher(slow, clock, 10, 10);
		OutboxDispatcher other = dispatcher(this.smtp, clock, 10, 10);

		try (ExecutorService thread = Executors.newSingleThreadExecutor()) {
			Future<Integer> held = thread.submit(holder::dispatchOnce);
			waitFor(sending);

			assertThat(other.dispatchOnce()).as("rows the other dispatcher dealt with").isZero();

			proceed.countDown();
			assertThat(held.get()).isEqualTo(3);
		}
		for (String address : addresses) {
			assertThat(Mails.to(address)).as(address).hasSize(1);
		}
	}

	@Test
	void dispatchWhenTheClaimingNodeDiedThenAnotherSendsOnceTheLeaseEnds() throws Exception {
		List<String> addresses = queue(2);
		TestClock clock = clockAhead();
		// a node claims the rows and dies before sending anything
		assertThat(this.repository.claim(clock.instant(), clock.instant().plus(LEASE), 10)).hasSizeGreaterThanOrEqualTo(2);
		OutboxDispatcher survivor = dispatcher(this.smtp, clock, 10, 10);

		survivor.dispatchOnce();
		assertThat(count("status = 'pending'", addresses)).as("still leased").isEqualTo(2);

		clock.advance(LEASE.plusSeconds(1));
		survivor.dispatchOnce();
		assertThat(count("status = 'sent'", addresses)).isEqualTo(2);
		for (String address : addresses) {
			assertThat(Mails.to(address)).as(address).hasSize(1);
		}
	}

	@Test
	void dispatchWhenServerKeepsFailingThenBacksOffAndGivesUpAfterMaxAttempts() throws Exception {
		List<String> addresses = queue(1);
		TestClock clock = clockAhead();
		AtomicInteger sends = new AtomicInteger();
		MailTransport down = (message) -> {
			if (addresses.contains(message.to())) {
				sends.incrementAndGet();
				throw new MailSendException("Mail server connection failed");
			}
			this.smtp.send(message);
		};
		OutboxDispatcher dispatcher = dispatcher(down, clock, 10, 3);

		dispatcher.dispatchOnce();
		assertThat(state(addresses.get(0))).isEqualTo(new State("pending", 1));
		assertThat(nextAttempt(addresses.get(0))).isAfter(clock.instant());
		dispatcher.dispatchOnce();
		assertThat(sends).as("not due before its back-off").hasValue(1);

		clock.advance(Duration.ofSeconds(10));
		dispatcher.dispatchOnce();
		assertThat(state(addresses.get(0))).isEqualTo(new State("pending", 2));
		clock.advance(Duration.ofSeconds(10));
		dispatcher.dispatchOnce();
		assertThat(sends).as("the second wait is five times the first").hasValue(2);

		clock.advance(Duration.ofSeconds(40));
		dispatcher.dispatchOnce();
		assertThat(state(addresses.get(0))).isEqualTo(new State("failed", 3));
		clock.advance(Duration.ofHours(1));
		dispatcher.dispatchOnce();
		assertThat(sends).as("never again once failed").hasValue(3);
		assertThat(lastError(addresses.get(0))).isEqualTo("MailSendException: Mail server connection failed");
	}

	@Test
	void dispatchWhenServerFailsThenRestOfTheBatchIsDueAgainWithoutAnAttempt() throws Exception {
		List<String> addresses = queue(3);
		TestClock clock = clockAhead();
		OutboxDispatcher dispatcher = dispatcher((message) -> {
			if (addresses.contains(message.to())) {
				throw new MailSendException("Mail server connection failed");
			}
			this.smtp.send(message);
		}, clock, 10, 10);

		dispatcher.dispatchOnce();

		assertThat(count("attempts = 1", addresses)).as("tried").isEqualTo(1);
		assertThat(count("attempts = 0 AND status = 'pending' AND next_attempt_at <= now() + interval '4 hours'",
				addresses))
			.as("released, not leased for the whole lease").isEqualTo(2);
		OutboxDispatcher working = dispatcher(this.smtp, clock, 10, 10);
		working.dispatchOnce();
		assertThat(count("status = 'sent'", addresses)).isEqualTo(2);
	}

	@Test
	void dispatchWhenKindUnknownToThisVersionThenLeftForANodeThatKnowsIt() throws Exception {
		UUID user = Mails.insertUser(Mails.uniqueAddress("future"), true, "en");
		TestClock clock = clockAhead();
		this.repository.insert(user, "identity_linked_in_a_later_version", "{}", clock.instant(),
				clock.instant().minus(Duration.ofHours(1)));
		try (Connection db = TestDatabase.connect()) {
			dispatcher(this.smtp, clock, 10, 10).dispatchOnce();

			assertThat(Sql.count(db, "SELECT count(*) FROM email_outbox WHERE user_id = ? AND status = 'pending'"
					+ " AND attempts = 0 AND last_error IS NULL AND next_attempt_at > ?", user,
					Timestamp.from(clock.instant())))
				.as("untouched but for the lease")
				.isEqualTo(1);
			// pending for ever here: out of the way of the other tests' dispatchers
			db.createStatement().execute("DELETE FROM email_outbox WHERE user_id = '" + user + "'");
		}
	}

	@Test
	void dispatchWhenAKindHasADeliveryOfItsOwnThenItDeliversItAndTheEmailsStillGoOut() throws Exception {
		List<String> emails = queue(1);
		String other = queueOther();
		TestClock clock = clockAhead();
		List<OutboxItem> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
		OutboxDelivery delivery = delivery((item) -> {
			seen.add(item);
			return OutboxDelivery.Attempt.delivered();
		});

		dispatcher(this.smtp, clock, 10, 3, delivery).dispatchOnce();

		assertThat(state(other)).isEqualTo(new State("sent", 0));
		assertThat(seen).singleElement().satisfies((item) -> {
			assertThat(item.kind()).isEqualTo(OTHER_KIND);
			assertThat(item.payloadJson()).contains("\"to\"");
			assertThat(item.attempt()).isEqualTo(1);
			assertThat(item.last()).isFalse();
		});
		assertThat(Mails.to(emails.get(0))).hasSize(1);
	}

	@Test
	void dispatchWhenADeliveryFailsThenBacksOffAndGivesUpAfterTheLastAttemptWithoutStoppingTheBatch() throws Exception {
		String first = queueOther();
		String second = queueOther();
		TestClock clock = clockAhead();
		List<OutboxItem> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
		OutboxDispatcher dispatcher = dispatcher(this.smtp, clock, 10, 3, delivery((item) -> {
			seen.add(item);
			return OutboxDelivery.Attempt.failed("HTTP 500");
		}));

		dispatcher.dispatchOnce();
		assertThat(state(first)).isEqualTo(new State("pending", 1));
		assertThat(state(second)).as("one receiver down says nothing of the next").isEqualTo(new State("pending", 1));
		clock.advance(Duration.ofSeconds(10));
		dispatcher.dispatchOnce();
		assertThat(state(first)).isEqualTo(new State("pending", 2));
		clock.advance(Duration.ofSeconds(50));
		dispatcher.dispatchOnce();

		assertThat(state(first)).isEqualTo(new State("failed", 3));
		assertThat(lastError(first)).isEqualTo("HTTP 500");
		assertThat(seen).filteredOn(OutboxItem::last).as("told which attempt is the last").hasSize(2);
		assertThat(seen).extracting(OutboxItem::attempt).containsExactly(1, 1, 2, 2, 3, 3);
	}

	@Test
	void dispatchWhenADeliveryIsHopelessThenGivenUpAtOnce() throws Exception {
		String row = queueOther();
		TestClock clock = clockAhead();

		dispatcher(this.smtp, clock, 10, 10,
				delivery((item) -> OutboxDelivery.Attempt.hopeless("the client has no back-channel URI any more")))
			.dispatchOnce();

		assertThat(state(row)).isEqualTo(new State("failed", 1));
		assertThat(lastError(row)).isEqualTo("the client has no back-channel URI any more");
	}

	@Test
	void dispatchWhenADeliveryThrowsThenItCountsAsAFailedAttempt() throws Exception {
		String row = queueOther();
		TestClock clock = clockAhead();

		dispatcher(this.smtp, clock, 10, 10, delivery((item) -> {
			throw new IllegalStateException("boom");
		})).dispatchOnce();

		assertThat(state(row)).isEqualTo(new State("pending", 1));
		assertThat(lastError(row)).isEqualTo("IllegalStateException: boom");
		try (Connection db = TestDatabase.connect()) {
			// pending for ever here (no other dispatcher knows the kind): out of the way of the other tests
			db.createStatement().execute("DELETE FROM email_outbox WHERE kind = '" + OTHER_KIND + "'");
		}
	}

	private static final String OTHER_KIND = "test_delivery";

	/** A row of {@link #OTHER_KIND} for a new user, due two hours from now; its user's address finds it. */
	private String queueOther() throws Exception {
		Instant now = Instant.now();
		String address = Mails.uniqueAddress("other");
		UUID user = Mails.insertUser(address, true, "en");
		this.repository.insert(user, OTHER_KIND, "{\"to\":\"" + address + "\"}", now, now.plus(Duration.ofHours(2)));
		return address;
	}

	private static OutboxDelivery delivery(java.util.function.Function<OutboxItem, OutboxDelivery.Attempt> attempt) {
		return new OutboxDelivery() {
			@Override
			public String kind() {
				return OTHER_KIND;
			}

			@Override
			public Attempt deliver(OutboxItem item) {
				return attempt.apply(item);
			}
		};
	}

	@Test
	void cleanUpDeletesOnlyFinishedRowsPastRetention() throws Exception {
		UUID user = Mails.insertUser(Mails.uniqueAddress("retention"), true, "en");
		TestClock clock = clockAhead();
		try (Connection db = TestDatabase.connect();
				PreparedStatement insert = db.prepareStatement("INSERT INTO email_outbox (user_id, kind, status, created_at,"
						+ " next_attempt_at, sent_at) VALUES (?, ?, ?, now() - ?::interval, now() + interval '1 day', ?)")) {
			Object[][] rows = { { "old sent", "sent", "40 days" }, { "old failed", "failed", "40 days" },
					{ "old pending", "pending", "40 days" }, { "recent sent", "sent", "1 day" } };
			for (Object[] row : rows) {
				insert.setObject(1, user);
				insert.setString(2, (String) row[0]);
				insert.setString(3, (String) row[1]);
				insert.setString(4, (String) row[2]);
				insert.setObject(5, "sent".equals(row[1]) ? Timestamp.from(Instant.now()) : null);
				insert.executeUpdate();
			}
		}

		assertThat(dispatcher(this.smtp, clock, 10, 10).cleanUp()).isGreaterThanOrEqualTo(2);

		try (Connection db = TestDatabase.connect();
				PreparedStatement query = db.prepareStatement("SELECT kind FROM email_outbox WHERE user_id = ? ORDER BY kind")) {
			query.setObject(1, user);
			List<String> left = new ArrayList<>();
			try (ResultSet rs = query.executeQuery()) {
				while (rs.next()) {
					left.add(rs.getString(1));
				}
			}
			assertThat(left).containsExactly("old pending", "recent sent");
		}
	}

	@Test
	void workerWhenStoppedThenItsThreadEnds() throws Exception {
		List<String> addresses = queue(1);
		TestClock clock = clockAhead();
		AtomicReference<Thread> workerThread = new AtomicReference<>();
		OutboxDispatcher dispatcher = dispatcher((message) -> {
			workerThread.set(Thread.currentThread());
			this.smtp.send(message);
		}, clock, 10, 10);
		MailProperties properties = new MailProperties(null, 587, null, null, null, MailProperties.Security.NONE,
				Duration.ofSeconds(1), Duration.ofSeconds(2), new MailProperties.Outbox(Duration.ofMillis(50), 10, LEASE,
						Duration.ofSeconds(10), Duration.ofHours(1), 10, Duration.ofDays(30)));
		OutboxWorker worker = new OutboxWorker(dispatcher, properties, clock);

		worker.start();
		await().atMost(Duration.ofSeconds(30)).until(() -> !Mails.to(addresses.get(0)).isEmpty());
		worker.stop();

		assertThat(worker.isRunning()).isFalse();
		await().atMost(Duration.ofSeconds(30)).until(() -> !workerThread.get().isAlive());
	}

	/** Rows for new users with verified unique addresses, due two hours from now. */
	private List<String> queue(int count) throws Exception {
		List<String> addresses = new ArrayList<>();
		Instant now = Instant.now();
		for (int i = 0; i < count; i++) {
			String address = Mails.uniqueAddress("dispatch");
			UUID user = Mails.insertUser(address, true, "en");
			this.repository.insert(user, SecurityNotice.REFRESH_TOKEN_REUSE.value(),
					"{\"occurredAt\":\"" + now + "\",\"ip\":\"203.0.113.7\"}", now, now.plus(Duration.ofHours(2)));
			addresses.add(address);
		}
		return addresses;
	}

	private static TestClock clockAhead() {
		TestClock clock = new TestClock();
		clock.advance(AHEAD);
		return clock;
	}

	private OutboxDispatcher dispatcher(MailTransport transport, Clock clock, int batchSize, int maxAttempts,
			OutboxDelivery... deliveries) {
		MailProperties.Outbox settings = new MailProperties.Outbox(Duration.ofSeconds(1), batchSize, LEASE,
				Duration.ofSeconds(10), Duration.ofHours(1), maxAttempts, Duration.ofDays(30));
		return new OutboxDispatcher(this.repository, this.identities, this.renderer, transport, settings, this.json,
				clock, List.of(deliveries));
	}

	private static void waitFor(CountDownLatch latch) {
		try {
			assertThat(latch.await(30, TimeUnit.SECONDS)).as("latch").isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static long count(String condition, List<String> addresses) throws Exception {
		try (Connection db = TestDatabase.connect()) {
			return Sql.count(db, "SELECT count(*) FROM email_outbox o JOIN users u ON u.id = o.user_id WHERE " + condition
					+ " AND u.email = ANY (?)", db.createArrayOf("text", addresses.toArray()));
		}
	}

	private record State(String status, int attempts) {
	}

	private static State state(String address) throws Exception {
		return query(address, "status, attempts", (rs) -> new State(rs.getString(1), rs.getInt(2)));
	}

	private static Instant nextAttempt(String address) throws Exception {
		return query(address, "next_attempt_at", (rs) -> rs.getTimestamp(1).toInstant());
	}

	private static String lastError(String address) throws Exception {
		return query(address, "last_error", (rs) -> rs.getString(1));
	}

	private interface Column<T> {

		T read(ResultSet rs) throws SQLException;
	}

	private static <T> T query(String address, String columns, Column<T> column) throws Exception {
		try (Connection db = TestDatabase.connect();
				PreparedStatement query = db.prepareStatement("SELECT " + columns
						+ " FROM email_outbox o JOIN users u ON u.id = o.user_id WHERE u.email = ?")) {
			query.setString(1, address);
			try (ResultSet rs = query.executeQuery()) {
				assertThat(rs.next()).isTrue();
				return column.read(rs);
			}
		}
	}
}
