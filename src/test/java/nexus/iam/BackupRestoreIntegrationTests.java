package nexus.iam;

import java.io.File;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import nexus.iam.restore.UnsealedDatabaseException;
import nexus.iam.session.SessionActivity;
import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.FreePorts;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.MetricsReceiver;
import nexus.iam.testsupport.Node;
import nexus.iam.testsupport.ShellScript;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.Sql;
import nexus.iam.testsupport.TableChecksums;
import nexus.iam.testsupport.TestDatabase;
import nexus.iam.testsupport.TokenClient;
import nexus.iam.testsupport.TokenClient.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The backup and restore of ops/backup end to end, with the real pg_dump, restic and pg_restore:
 * data made through the API is backed up from the running service's database and restored; every
 * row must come back as the backup's, and the restore epoch must end what the backup shows live,
 * so that nothing revoked after the backup works again, on the running service and on a node that
 * starts afterwards.
 */
@ExtendWith(OutputCaptureExtension.class)
class BackupRestoreIntegrationTests extends IntegrationTest {

	private static final Path BACKUP = Path.of("ops/backup/backup.sh");

	private static final Path RESTORE = Path.of("ops/backup/restore.sh");

	private static final String PASSWORD = UUID.randomUUID().toString();

	@TempDir
	static Path work;

	private static MetricsReceiver metrics;

	@Autowired
	private SessionActivity activity;

	private final TokenClient client = new TokenClient(baseUrl());

	@BeforeAll
	static void repository() {
		metrics = new MetricsReceiver();
		ShellScript.Result init = ShellScript.run(environment("state"), List.of("restic", "init"));
		assertThat(init.exitCode()).as("restic init (is restic installed? see .ci/run)").isZero();
	}

	@AfterAll
	static void stopMetrics() {
		metrics.close();
	}

	@Test
	void restoreOverTheLiveDatabaseThenTheBackupsRowsComeBackAndWhatTheyShowLiveEnds() throws Exception {
		long startedAt = Instant.now().getEpochSecond();
		// users with identities and sessions, a rotated refresh token, a revoked access token, a
		// revoked session, and the audit events of all of it
		Tokens alice = signIn("alice");
		HttpResponse<String> rotated = this.client.refresh(alice.refresh());
		assertThat(rotated.statusCode()).isEqualTo(200);
		Tokens aliceNext = Tokens.of(rotated);
		Tokens bob = signIn("bob");
		assertThat(this.client.revoke(TokenClient.form("token", bob.access())).statusCode()).isEqualTo(200);
		Tokens carol = signIn("carol");
		Tokens dave = signIn("dave");
		assertThat(this.client.revoke(TokenClient.form("token", dave.refresh()) + "&token_type_hint=refresh_token")
			.statusCode()).isEqualTo(200);
		this.activity.flush();
		awaitNoMailDue();

		Map<String, String> before;
		ShellScript.Result backup;
		int pushes = metrics.bodies().size();
		try (Connection db = TestDatabase.connect()) {
			// the service's writers wait while the checksums are taken and the dump runs, so that the
			// dump holds exactly what the checksums describe
			db.setAutoCommit(false);
			lockEveryTable(db);
			before = RestoredRows.of(db);
			backup = ShellScript.bash(BACKUP, environment("state"));
			db.rollback();
		}
		assertThat(backup.exitCode()).as("backup.sh exit code").isZero();
		Instant snapshotTakenAt = snapshotTakenAt(backup.output());
		assertThat(snapshotTakenAt).isBetween(Instant.ofEpochSecond(startedAt), Instant.now());
		assertThat(before.keySet()).contains("table:flyway_schema_history", "table:users", "table:user_identities",
				"table:user_sessions", "table:refresh_tokens", "table:revocations", "table:audit_events",
				"table:email_outbox");
		for (String table : List.of("flyway_schema_history", "users", "user_identities", "user_sessions",
				"refresh_tokens", "revocations", "audit_events")) {
			assertThat(before.get("table:" + table)).as(table + " has rows").doesNotStartWith("0:");
		}
		assertThat(metrics.bodies()).hasSize(pushes + 1);
		assertSuccessPushed(metrics.bodies().getLast(), startedAt);
		assertThat(new BigDecimal(MetricsReceiver.samples(metrics.bodies().getLast())
			.get(series("nexus_backup_snapshot_timestamp_seconds"))))
			.isEqualByComparingTo(BigDecimal.valueOf(snapshotTakenAt.getEpochSecond())
				.add(BigDecimal.valueOf(snapshotTakenAt.getNano(), 9)));

		ShellScript.Result restore = ShellScript.bash(RESTORE, environment("state"), "--database", TestDatabase.NAME,
				"--force");

		assertThat(restore.exitCode()).as("restore.sh exit code").isZero();
		assertThat(restore.output()).contains("public.flyway_schema_history", "public.revocations", "restore done",
				"msg=\"restore epoch\"", "sessions live in the backup, now ended");
		try (Connection db = TestDatabase.connect()) {
			// every row is the backup's; the epoch only marked what the backup showed live as ended
			assertThat(RestoredRows.of(db)).isEqualTo(before);
			assertThat(Sql.count(db, "SELECT count(*) FROM user_sessions WHERE revoked_at IS NULL")).isZero();
			assertThat(Sql.count(db, "SELECT count(*) FROM database_seal WHERE how = 'restored'")).isOne();
			assertThat(Sql.count(db, "SELECT count(*) FROM restore_epochs WHERE started_by = 'restore_script'"
					+ " AND snapshot_taken_at = CAST(? AS timestamptz)", snapshotTakenAt.toString())).isOne();
		}
		// a node started now knows revocations only from the restored database: it has no Redis and
		// no memory of the old database
		Map<String, String> settings = nodeSettings();
		settings.put("nexus.redis.url", "");
		try (Node fresh = Node.start(settings)) {
			assertRevoked(fresh.url(""), bob.access());
			assertRevoked(fresh.url(""), dave.access());
			// live at the backup, issued before the restore: refused by the epoch
			assertRevoked(fresh.url(""), carol.access());
		}
		// the running service, whose connections the restore ended, follows the restore too
		assertThat(this.client.refresh(aliceNext.refresh()).statusCode()).as("refresh after restore").isEqualTo(401);
		assertThat(this.client.refresh(dave.refresh()).statusCode()).as("revoked session").isEqualTo(401);
		assertRevoked(baseUrl(), bob.access());
		awaitRevoked(baseUrl(), carol.access());
		Tokens after = signIn("after-restore");
		assertThat(this.client.me(after.access()).statusCode()).as("a sign-in after the restore").isEqualTo(200);
	}

	/**
	 * The drill of a restore: sessions signed in, a backup, then revocations in each of the four
	 * ways and a rotation, the backup restored into a new database and a node started on it. Nothing
	 * revoked or rotated after the backup works there, what was revoked before is refused as before,
	 * and a fresh sign-in works at once. Prints the drill's timings.
	 */
	@Test
	void drillWhatIsRevokedAfterTheBackupStaysRevokedAfterItsRestore(CapturedOutput output) throws Exception {
		// before the backup: revoked then, and the answers they got then
		Tokens revokedEarly = signIn("revoked-early");
		assertThat(this.client.revoke(TokenClient.form("token", revokedEarly.access())).statusCode()).isEqualTo(200);
		Tokens endedEarly = signIn("ended-early");
		assertThat(this.client.revoke(TokenClient.form("token", endedEarly.refresh())).statusCode()).isEqualTo(200);
		String revokedEarlyAnswer = code(TokenClient.me(baseUrl(), revokedEarly.access()));
		String endedEarlyAnswer = code(this.client.refresh(endedEarly.refresh()));
		// live at the backup
		String remoteUser = "google-" + UUID.randomUUID();
		Tokens remoteVictim = signIn(baseUrl(), remoteUser, "remote@backup.example");
		Tokens remoteActor = signIn(baseUrl(), remoteUser, "remote@backup.example");
		Tokens revokedByRfc7009 = signIn("rfc7009-refresh");
		Tokens accessRevokedByRfc7009 = signIn("rfc7009-access");
		Tokens stolen = signIn("stolen");
		String everywhereUser = "google-" + UUID.randomUUID();
		Tokens everywhereA = signIn(baseUrl(), everywhereUser, "everywhere@backup.example");
		Tokens everywhereB = signIn(baseUrl(), everywhereUser, "everywhere@backup.example");
		Tokens rotated = signIn("rotated");
		this.activity.flush();

		long backupStarted = System.nanoTime();
		ShellScript.Result backup = ShellScript.bash(BACKUP, environment("state"));
		long backupNanos = System.nanoTime() - backupStarted;
		assertThat(backup.exitCode()).as("backup.sh exit code").isZero();

		// after the backup: the four ways of revoking, and a rotation
		HttpResponse<String> remoteSignOut = new Browser().send(url("/api/me/sessions/" + sessionId(remoteVictim.access())),
				(r) -> r.header("Authorization", "Bearer " + remoteActor.access()).DELETE());
		assertThat(remoteSignOut.statusCode()).as("remote sign-out").isEqualTo(204);
		assertThat(this.client.revoke(TokenClient.form("token", revokedByRfc7009.refresh())).statusCode())
			.as("RFC 7009, a refresh token").isEqualTo(200);
		assertThat(this.client.revoke(TokenClient.form("token", accessRevokedByRfc7009.access())).statusCode())
			.as("RFC 7009, an access token").isEqualTo(200);
		HttpResponse<String> stolenUse = this.client.refresh(stolen.refresh());
		assertThat(stolenUse.statusCode()).isEqualTo(200);
		Tokens stolenNext = Tokens.of(stolenUse);
		this.clock.advance(Duration.ofSeconds(11)); // past the grace period: a replay is a reuse
		assertThat(code(this.client.refresh(stolen.refresh()))).as("reuse").isEqualTo("refresh_token_reused");
		this.clock.reset();
		HttpResponse<String> everywhere = new Browser().send(url("/api/me/sessions/revoke-all"),
				(r) -> r.header("Authorization", "Bearer " + everywhereA.access())
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"keep_current\":false}")));
		assertThat(everywhere.statusCode()).as("sign out everywhere").isEqualTo(200);
		HttpResponse<String> rotation = this.client.refresh(rotated.refresh());
		assertThat(rotation.statusCode()).isEqualTo(200);
		Tokens rotatedNext = Tokens.of(rotation);
		List<String> revokedAccess = List.of(remoteVictim.access(), revokedByRfc7009.access(),
				accessRevokedByRfc7009.access(), stolen.access(), stolenNext.access(), everywhereA.access(),
				everywhereB.access());
		List<String> revokedRefresh = List.of(remoteVictim.refresh(), revokedByRfc7009.refresh(), stolen.refresh(),
				stolenNext.refresh(), everywhereA.refresh(), everywhereB.refresh(), rotated.refresh());
		for (String access : revokedAccess) {
			assertRevoked(baseUrl(), access);
		}

		String drill = TestDatabase.NAME + "_drill";
		long restoreStarted = System.nanoTime();
		ShellScript.Result restore = ShellScript.bash(RESTORE, environment("state"), "--database", drill);
		long restoreNanos = System.nanoTime() - restoreStarted;
		try {
			assertThat(restore.exitCode()).as("restore.sh exit code").isZero();
			assertThat(restore.output()).contains("sessions live in the backup, now ended", "restore done");
			// the deployment's configuration as it was (keys, secrets, issuer), and the Redis that
			// survived, with its deny-list keys of before the restore (no instance decides from them)
			int port = FreePorts.next();
			Map<String, String> settings = nodeSettings();
			settings.put("nexus.database.url", TestDatabase.url().replace("/" + TestDatabase.NAME, "/" + drill));
			settings.put("server.port", Integer.toString(port));
			settings.put("nexus.public-url", "http://localhost:" + port);
			settings.put("nexus.token.issuer", baseUrl());
			long startStarted = System.nanoTime();
			try (Node restored = Node.start(settings)) {
				long startNanos = System.nanoTime() - startStarted;
				TokenClient there = new TokenClient(restored.url(""));
				for (String access : revokedAccess) {
					assertRevoked(restored.url(""), access);
				}
				for (String refresh : revokedRefresh) {
					assertThat(there.refresh(refresh).statusCode()).as("a refresh token revoked after the backup")
						.isEqualTo(401);
				}
				// rotated after the backup: unknown there; its predecessor is refused, and so is it afterwards
				assertThat(code(there.refresh(rotatedNext.refresh()))).isEqualTo("refresh_token_invalid");
				assertThat(code(there.refresh(rotated.refresh()))).isEqualTo("refresh_token_revoked");
				assertThat(code(there.refresh(rotatedNext.refresh()))).isEqualTo("refresh_token_invalid");
				assertRevoked(restored.url(""), rotatedNext.access());
				// revoked before the backup: the same answers as before
				assertThat(code(TokenClient.me(restored.url(""), revokedEarly.access()))).isEqualTo(revokedEarlyAnswer);
				assertThat(code(there.refresh(endedEarly.refresh()))).isEqualTo(endedEarlyAnswer);
				// a fresh sign-in works at once, and refreshes
				Tokens fresh = signIn(restored.url(""), "google-" + UUID.randomUUID(), "fresh@backup.example");
				assertThat(TokenClient.me(restored.url(""), fresh.access()).statusCode()).isEqualTo(200);
				assertThat(there.refresh(fresh.refresh()).statusCode()).isEqualTo(200);
				// the use of a refresh token the restored database does not know is in the audit log
				assertThat(output.getAll()).contains("refresh_token_unknown",
						HexFormat.of().formatHex(sha256(rotatedNext.refresh()), 0, 8));
				System.out.printf("Restore drill: backup.sh %d ms, restore.sh %d ms (epoch included), start %d ms%n",
						backupNanos / 1_000_000, restoreNanos / 1_000_000, startNanos / 1_000_000);
			}
		}
		finally {
			dropDatabase(drill);
		}
	}

	/**
	 * A backup restored by hand (pg_restore, without restore.sh): the service does not start on it,
	 * unless told to run the epoch itself; then what was revoked after the backup stays refused.
	 */
	@Test
	void restoreByHandWithoutTheEpochThenTheServiceRefusesToStartUnlessToldToSeal() throws Exception {
		Tokens signedOut = signIn("signed-out-after-backup");
		this.activity.flush();
		assertThat(ShellScript.bash(BACKUP, environment("state")).exitCode()).isZero();
		assertThat(this.client.revoke(TokenClient.form("token", signedOut.refresh())).statusCode()).isEqualTo(200);
		String byHand = TestDatabase.NAME + "_by_hand";
		Map<String, String> environment = environment("state");
		environment.put("TARGET", TestDatabase.url().substring("jdbc:".length()).replace("/" + TestDatabase.NAME,
				"/" + byHand) + "?user=" + TestDatabase.USER);
		try (Connection db = TestDatabase.connect(); Statement sql = db.createStatement()) {
			sql.execute("CREATE DATABASE " + byHand);
		}
		try {
			ShellScript.Result restore = ShellScript.run(environment, List.of("bash", "-c",
					"set -o pipefail; restic dump latest /nexus-iam.dump | pg_restore --no-owner --exit-on-error"
							+ " --single-transaction --dbname=\"$TARGET\""));
			assertThat(restore.exitCode()).as(restore.output()).isZero();
			Map<String, String> settings = nodeSettings();
			settings.put("nexus.database.url", TestDatabase.url().replace("/" + TestDatabase.NAME, "/" + byHand));
			settings.put("nexus.redis.url", "");

			assertThatThrownBy(() -> Node.start(settings).close()).rootCause()
				.isInstanceOf(UnsealedDatabaseException.class)
				.hasMessageContaining("NEXUS_RESTORE_UNSEALED_DATABASE=seal");

			settings.put("nexus.restore.unsealed-database", "seal");
			try (Node sealed = Node.start(settings)) {
				assertThat(code(new TokenClient(sealed.url("")).refresh(signedOut.refresh())))
					.isEqualTo("refresh_token_revoked");
				assertRevoked(sealed.url(""), signedOut.access());
			}
			try (Connection db = DriverManager.getConnection(settings.get("nexus.database.url"), TestDatabase.USER, "")) {
				assertThat(Sql.count(db, "SELECT count(*) FROM restore_epochs WHERE started_by = 'service_start'"))
					.isOne();
				assertThat(Sql.count(db, "SELECT count(*) FROM database_seal WHERE how = 'restored'")).isOne();
			}
		}
		finally {
			dropDatabase(byHand);
		}
	}

	@Test
	void backupWhenTheDumpBreaksOffThenNoSnapshotIsKeptAndTheFailureIsPushed() throws Exception {
		Path bin = Files.createDirectories(work.resolve("broken-bin"));
		Path brokenDump = bin.resolve("pg_dump");
		Files.writeString(brokenDump, """
				#!/bin/sh
				# a dump that breaks off: the start of an archive, then an error
				printf 'PGDMP partial archive'
				echo 'pg_dump: error: connection lost' >&2
				exit 1
				""");
		assertThat(brokenDump.toFile().setExecutable(true)).isTrue();
		Map<String, String> environment = environment("failure-state");
		environment.put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
		int snapshots = snapshots(environment);
		int pushes = metrics.bodies().size();

		ShellScript.Result backup = ShellScript.bash(BACKUP, environment);

		assertThat(backup.exitCode()).isEqualTo(1);
		assertThat(backup.output()).contains("pg_dump failed", "discarded the snapshot of the incomplete dump");
		assertThat(snapshots(environment)).as("snapshots").isEqualTo(snapshots);
		assertThat(metrics.bodies()).hasSize(pushes + 1);
		Map<String, String> pushed = MetricsReceiver.samples(metrics.bodies().getLast());
		assertThat(pushed).containsEntry(series("nexus_backup_failures_total"), "1")
			.containsKey(series("nexus_backup_last_failure_timestamp_seconds"))
			.doesNotContainKey(series("nexus_backup_last_success_timestamp_seconds"));
	}

	@Test
	void restoreWhenTheDatabaseHoldsTablesWithoutForceThenRefused() throws Exception {
		ShellScript.Result restore = ShellScript.bash(RESTORE, environment("state"), "--database", TestDatabase.NAME);

		assertThat(restore.exitCode()).isEqualTo(3);
		assertThat(restore.output()).contains("refusing to restore into a database that is not empty");
		try (Connection db = TestDatabase.connect()) {
			assertThat(Sql.count(db, "SELECT count(*) FROM pg_database WHERE datname LIKE ?",
					TestDatabase.NAME + "%restoring%")).isZero();
			assertThat(Sql.count(db, "SELECT count(*) FROM flyway_schema_history")).isPositive();
		}
	}

	/** The settings of both scripts in these tests: a local repository, the test database. */
	private static Map<String, String> environment(String stateDir) {
		Map<String, String> environment = new HashMap<>();
		environment.put("RESTIC_REPOSITORY", work.resolve("repository").toString());
		environment.put("RESTIC_PASSWORD", PASSWORD);
		environment.put("RESTIC_CACHE_DIR", work.resolve("cache").toString());
		// the JDBC URL without "jdbc:" is a libpq URL
		environment.put("NEXUS_BACKUP_DATABASE_URL",
				TestDatabase.url().substring("jdbc:".length()) + "?user=" + TestDatabase.USER);
		environment.put("NEXUS_BACKUP_METRICS_URL", metrics.url());
		environment.put("NEXUS_BACKUP_STATE_DIR", work.resolve(stateDir).toString());
		environment.put("NEXUS_BACKUP_CHECK_ON", "always");
		return environment;
	}

	private static int snapshots(Map<String, String> environment) {
		ShellScript.Result list = ShellScript.run(environment, List.of("restic", "snapshots", "--json"));
		assertThat(list.exitCode()).isZero();
		return JsonMapper.builder().build().readTree(list.output()).size();
	}

	private static void lockEveryTable(Connection db) throws SQLException {
		String tables = TableChecksums.tables(db).stream().map((t) -> '"' + t + '"').collect(Collectors.joining(", "));
		try (Statement sql = db.createStatement()) {
			sql.execute("LOCK TABLE " + tables + " IN SHARE MODE");
		}
	}

	private static void assertSuccessPushed(String body, long notBefore) {
		Map<String, String> samples = MetricsReceiver.samples(body);
		assertThat(Long.parseLong(samples.get(series("nexus_backup_last_success_timestamp_seconds"))))
			.isBetween(notBefore, Instant.now().getEpochSecond());
		assertThat(new BigDecimal(samples.get(series("nexus_backup_duration_seconds")))).isNotNegative();
		assertThat(Long.parseLong(samples.get(series("nexus_backup_size_bytes")))).isPositive();
		assertThat(samples).containsKey(series("nexus_backup_added_bytes"))
			.containsEntry(series("nexus_backup_failures_total"), "0");
	}

	private static String series(String name) {
		return name + "{job=\"nexus-backup\",instance=\"nexus-iam\"}";
	}

	/**
	 * Waits until no security e-mail is due within the next minute: the outbox dispatcher would
	 * update its row while the restored database is compared with the checksums.
	 */
	private static void awaitNoMailDue() throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		try (Connection db = TestDatabase.connect()) {
			while (Sql.count(db, "SELECT count(*) FROM email_outbox WHERE status = 'pending'"
					+ " AND next_attempt_at < now() + interval '1 minute'") > 0) {
				assertThat(System.nanoTime()).as("e-mails still due").isLessThan(deadline);
				Thread.sleep(50);
			}
		}
	}

	private Tokens signIn(String name) {
		return signIn(baseUrl(), "google-" + UUID.randomUUID(), name + "@backup.example");
	}

	private static Tokens signIn(String baseUrl, String subject, String email) {
		Browser browser = new Browser();
		HttpResponse<String> callback = new SignInFlow(browser, baseUrl).signIn(subject, email);
		assertThat(callback.statusCode()).isEqualTo(302);
		return Tokens.of(browser);
	}

	private static String code(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
		return TokenClient.json(response).get("code").asString();
	}

	/** The sid claim of an access token. */
	private static String sessionId(String accessToken) {
		String payload = new String(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]), StandardCharsets.UTF_8);
		return JsonMapper.builder().build().readTree(payload).get("sid").asString();
	}

	private static byte[] sha256(String value) throws Exception {
		return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
	}

	/** The moment backup.sh says pg_dump's snapshot was taken. */
	private static Instant snapshotTakenAt(String backupOutput) {
		Matcher matcher = Pattern.compile("msg=\"backup done\".* snapshot_taken_at=(\\S+)").matcher(backupOutput);
		assertThat(matcher.find()).as(backupOutput).isTrue();
		return Instant.parse(matcher.group(1));
	}

	private static void dropDatabase(String name) throws SQLException {
		try (Connection db = TestDatabase.connect(); Statement sql = db.createStatement()) {
			sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
		}
	}

	/** A running node follows a restore within its epoch poll interval (5 s). */
	private static void awaitRevoked(String baseUrl, String accessToken) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (TokenClient.me(baseUrl, accessToken).statusCode() == 200) {
			assertThat(System.nanoTime()).as("still accepted after the restore").isLessThan(deadline);
			Thread.sleep(100);
		}
		assertRevoked(baseUrl, accessToken);
	}

	private static void assertRevoked(String baseUrl, String accessToken) {
		HttpResponse<String> me = TokenClient.me(baseUrl, accessToken);
		assertThat(me.statusCode()).isEqualTo(401);
		assertThat(TokenClient.json(me).get("code").asString()).isEqualTo("token_revoked");
	}

	/**
	 * {@link TableChecksums} with what a restore epoch changes put back as the backup had it: the
	 * sessions and refresh tokens it marked ended, its audit event and its own records. Equal before
	 * the backup and after the restore exactly when every row is the backup's.
	 */
	private static final class RestoredRows {

		static Map<String, String> of(Connection db) throws SQLException {
			Map<String, String> rows = new TreeMap<>(TableChecksums.of(db));
			for (String own : List.of("table:restore_epochs", "sequence:restore_epochs_id_seq", "table:database_seal",
					"sequence:audit_events_id_seq")) {
				rows.remove(own);
			}
			rows.put("table:user_sessions", checksum(db, """
					SELECT t.id AS key, to_jsonb(t) || CASE WHEN t.revoked_reason = 'restored_from_backup'
					       THEN '{"revoked_at": null, "revoked_reason": null}'::jsonb ELSE '{}'::jsonb END AS row
					  FROM user_sessions t"""));
			rows.put("table:refresh_tokens", checksum(db, """
					SELECT t.id AS key, CASE WHEN t.revoked_at = (SELECT max(restored_at) FROM restore_epochs)
					       THEN jsonb_set(to_jsonb(t), '{revoked_at}', 'null') ELSE to_jsonb(t) END AS row
					  FROM refresh_tokens t"""));
			rows.put("table:audit_events", checksum(db,
					"SELECT t.id AS key, to_jsonb(t) AS row FROM audit_events t WHERE t.type <> 'database_restored'"));
			return rows;
		}

		private static String checksum(Connection db, String rows) throws SQLException {
			try (Statement sql = db.createStatement();
					java.sql.ResultSet rs = sql.executeQuery("SELECT count(*) || ':' || coalesce(md5(string_agg("
							+ "row::text, '|' ORDER BY key)), '-') FROM (" + rows + ") x")) {
				rs.next();
				return rs.getString(1);
			}
		}
	}
}
