package nexus.iam;

import java.io.File;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import nexus.iam.session.SessionActivity;
import nexus.iam.testsupport.Browser;
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

/**
 * The backup and restore of ops/backup end to end, with the real pg_dump, restic and pg_restore:
 * data made through the API is backed up from the running service's database, the database is
 * replaced by its restore, every table must come back identical, and tokens must behave as they
 * did before the backup, on the running service and on a node that starts afterwards.
 */
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
	void restoreOverTheLiveDatabaseThenEveryTableIsIdenticalAndTokensKeepTheirState() throws Exception {
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
			before = TableChecksums.of(db);
			backup = ShellScript.bash(BACKUP, environment("state"));
			db.rollback();
		}
		assertThat(backup.exitCode()).as("backup.sh exit code").isZero();
		assertThat(before.keySet()).contains("table:flyway_schema_history", "table:users", "table:user_identities",
				"table:user_sessions", "table:refresh_tokens", "table:revocations", "table:audit_events",
				"table:email_outbox");
		for (String table : List.of("flyway_schema_history", "users", "user_identities", "user_sessions",
				"refresh_tokens", "revocations", "audit_events")) {
			assertThat(before.get("table:" + table)).as(table + " has rows").doesNotStartWith("0:");
		}
		assertThat(metrics.bodies()).hasSize(pushes + 1);
		assertSuccessPushed(metrics.bodies().getLast(), startedAt);

		ShellScript.Result restore = ShellScript.bash(RESTORE, environment("state"), "--database", TestDatabase.NAME,
				"--force");

		assertThat(restore.exitCode()).as("restore.sh exit code").isZero();
		assertThat(restore.output()).contains("public.flyway_schema_history", "public.revocations", "restore done");
		try (Connection db = TestDatabase.connect()) {
			assertThat(TableChecksums.of(db)).isEqualTo(before);
		}
		// a node started now knows revocations only from the restored database: it has no Redis and
		// no memory of the old database
		Map<String, String> settings = nodeSettings();
		settings.put("nexus.redis.url", "");
		try (Node fresh = Node.start(settings)) {
			assertRevoked(fresh.url(""), bob.access());
			assertRevoked(fresh.url(""), dave.access());
			assertThat(TokenClient.me(fresh.url(""), carol.access()).statusCode()).as("a live token").isEqualTo(200);
		}
		// the running service, whose connections the restore ended, carries on
		assertThat(this.client.refresh(aliceNext.refresh()).statusCode()).as("refresh after restore").isEqualTo(200);
		assertThat(this.client.refresh(dave.refresh()).statusCode()).as("revoked session").isEqualTo(401);
		assertRevoked(baseUrl(), bob.access());
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
		Browser browser = new Browser();
		HttpResponse<String> callback = new SignInFlow(browser, baseUrl()).signIn("google-" + UUID.randomUUID(),
				name + "@backup.example");
		assertThat(callback.statusCode()).isEqualTo(302);
		return Tokens.of(browser);
	}

	private static void assertRevoked(String baseUrl, String accessToken) {
		HttpResponse<String> me = TokenClient.me(baseUrl, accessToken);
		assertThat(me.statusCode()).isEqualTo(401);
		assertThat(TokenClient.json(me).get("code").asString()).isEqualTo("token_revoked");
	}
}
