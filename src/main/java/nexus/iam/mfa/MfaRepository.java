package nexus.iam.mfa;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code user_totp} and {@code user_recovery_codes} tables. */
@Repository
class MfaRepository {

	private final JdbcClient jdbc;

	MfaRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A user's authenticator.
	 *
	 * @param secret the sealed secret
	 * @param confirmedAt null while the enrolment awaits its first code
	 * @param lastUsedStep the newest time step whose code was accepted
	 * @param failedAttempts wrong codes since {@code failuresSince}
	 */
	record TotpRow(UUID userId, byte[] secret, @Nullable Instant confirmedAt, @Nullable Long lastUsedStep,
			int failedAttempts, @Nullable Instant failuresSince) {
	}

	Optional<TotpRow> find(UUID userId) {
		return this.jdbc.sql("""
				SELECT user_id, secret, confirmed_at, last_used_step, failed_attempts, failures_since
				  FROM user_totp WHERE user_id = :userId
				""")
			.param("userId", userId)
			.query(MfaRepository::map)
			.optional();
	}

	/**
	 * Starts (or restarts) an enrolment with a new secret; an authenticator already confirmed is
	 * left alone. Wrong-code counters survive a restart.
	 * @return whether the secret was stored
	 */
	boolean upsertPending(UUID userId, byte[] secret, Instant now) {
		return this.jdbc.sql("""
				INSERT INTO user_totp (user_id, secret, created_at) VALUES (:userId, :secret, :now)
				ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at,
				                                    last_used_step = NULL
				 WHERE user_totp.confirmed_at IS NULL
				""")
			.param("userId", userId)
			.param("secret", secret)
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	/**
	 * Spends a time step: the compare-and-set that makes a code usable once, on any node. Older
	 * steps than the newest spent one are refused as well.
	 * @return whether this call spent it
	 */
	boolean useStep(UUID userId, long step) {
		return this.jdbc.sql("""
				UPDATE user_totp SET last_used_step = :step, failed_attempts = 0, failures_since = NULL
				 WHERE user_id = :userId AND (last_used_step IS NULL OR last_used_step < :step)
				""")
			.param("step", step)
			.param("userId", userId)
			.update() == 1;
	}

	void confirm(UUID userId, Instant now) {
		this.jdbc.sql("UPDATE user_totp SET confirmed_at = :now WHERE user_id = :userId AND confirmed_at IS NULL")
			.param("now", Timestamp.from(now))
			.param("userId", userId)
			.update();
	}

	/** Counts a wrong code, starting a new window when the last one has passed. */
	void recordFailure(UUID userId, Instant now, Instant windowStart) {
		this.jdbc.sql("""
				UPDATE user_totp
				   SET failed_attempts = CASE WHEN failures_since IS NULL OR failures_since <= :windowStart
				                              THEN 1 ELSE failed_attempts + 1 END,
				       failures_since = CASE WHEN failures_since IS NULL OR failures_since <= :windowStart
				                             THEN :now ELSE failures_since END
				 WHERE user_id = :userId
				""")
			.param("windowStart", Timestamp.from(windowStart))
			.param("now", Timestamp.from(now))
			.param("userId", userId)
			.update();
	}

	/** Removes the authenticator and every recovery code. */
	void delete(UUID userId) {
		this.jdbc.sql("DELETE FROM user_recovery_codes WHERE user_id = :userId").param("userId", userId).update();
		this.jdbc.sql("DELETE FROM user_totp WHERE user_id = :userId").param("userId", userId).update();
	}

	/** Replaces the user's recovery codes. */
	void replaceRecoveryCodes(UUID userId, List<byte[]> hashes, Instant now) {
		this.jdbc.sql("DELETE FROM user_recovery_codes WHERE user_id = :userId").param("userId", userId).update();
		for (byte[] hash : hashes) {
			this.jdbc.sql("""
					INSERT INTO user_recovery_codes (user_id, code_hash, created_at) VALUES (:userId, :hash, :now)
					""")
				.param("userId", userId)
				.param("hash", hash)
				.param("now", Timestamp.from(now))
				.update();
		}
	}

	/** Spends a recovery code. @return whether it was the user's and unused until this call */
	boolean useRecoveryCode(UUID userId, byte[] hash, Instant now) {
		return this.jdbc.sql("""
				UPDATE user_recovery_codes SET used_at = :now
				 WHERE user_id = :userId AND code_hash = :hash AND used_at IS NULL
				""")
			.param("now", Timestamp.from(now))
			.param("userId", userId)
			.param("hash", hash)
			.update() == 1;
	}

	int countUnusedRecoveryCodes(UUID userId) {
		return this.jdbc.sql("SELECT count(*) FROM user_recovery_codes WHERE user_id = :userId AND used_at IS NULL")
			.param("userId", userId)
			.query(Integer.class)
			.single();
	}

	private static TotpRow map(ResultSet rs, int row) throws SQLException {
		long step = rs.getLong("last_used_step");
		Long lastUsedStep = rs.wasNull() ? null : step;
		return new TotpRow(rs.getObject("user_id", UUID.class), rs.getBytes("secret"), instant(rs, "confirmed_at"),
				lastUsedStep, rs.getInt("failed_attempts"), instant(rs, "failures_since"));
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return (value != null) ? value.toInstant() : null;
	}
}
