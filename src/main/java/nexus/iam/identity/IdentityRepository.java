package nexus.iam.identity;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import nexus.iam.identity.UserProfile.LinkedIdentity;

/** The {@code users} and {@code user_identities} tables. */
@Repository
class IdentityRepository {

	private final JdbcClient jdbc;

	IdentityRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	record IdentityRow(UUID id, UUID userId) {
	}

	record UserRow(UUID id, String email, boolean emailVerified, String displayName, Instant createdAt) {
	}

	Optional<IdentityRow> findIdentity(String provider, String subject) {
		return this.jdbc.sql("SELECT id, user_id FROM user_identities WHERE provider = :provider AND subject = :subject")
			.param("provider", provider)
			.param("subject", subject)
			.query((rs, n) -> new IdentityRow(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class)))
			.optional();
	}

	/** As {@link #findIdentity}, locking the row until the transaction ends; waits for a concurrent unlink. */
	Optional<IdentityRow> findIdentityForUpdate(String provider, String subject) {
		return this.jdbc.sql("""
				SELECT id, user_id FROM user_identities WHERE provider = :provider AND subject = :subject FOR UPDATE
				""")
			.param("provider", provider)
			.param("subject", subject)
			.query((rs, n) -> new IdentityRow(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class)))
			.optional();
	}

	void insertUser(UUID id, ExternalIdentity identity, Instant now) {
		this.jdbc.sql("""
				INSERT INTO users (id, email, email_verified, display_name, locale, created_at, updated_at, last_sign_in_at)
				VALUES (:id, :email, :verified, :name, :locale, :now, :now, :now)
				""")
			.param("id", id)
			.param("email", identity.email())
			.param("verified", identity.emailVerified())
			.param("name", identity.displayName())
			.param("locale", identity.locale())
			.param("now", Timestamp.from(now))
			.update();
	}

	/**
	 * Inserts the identity unless another transaction linked the same provider subject first.
	 * @return whether this call inserted it
	 */
	boolean insertIdentity(UUID id, UUID userId, ExternalIdentity identity, Instant now) {
		return this.jdbc.sql("""
				INSERT INTO user_identities (id, user_id, provider, subject, email, email_verified, display_name,
				                             created_at, updated_at, last_sign_in_at)
				VALUES (:id, :userId, :provider, :subject, :email, :verified, :name, :now, :now, :now)
				ON CONFLICT (provider, subject) DO NOTHING
				""")
			.param("id", id)
			.param("userId", userId)
			.param("provider", identity.provider())
			.param("subject", identity.subject())
			.param("email", identity.email())
			.param("verified", identity.emailVerified())
			.param("name", identity.displayName())
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	/** Refreshes what the provider says about the identity, and the user's last sign-in. */
	void recordSignIn(UUID identityId, UUID userId, ExternalIdentity identity, Instant now) {
		this.jdbc.sql("""
				UPDATE user_identities
				   SET email = :email, email_verified = :verified, display_name = COALESCE(:name, display_name),
				       updated_at = :now, last_sign_in_at = :now
				 WHERE id = :id
				""")
			.param("email", identity.email())
			.param("verified", identity.emailVerified())
			.param("name", identity.displayName())
			.param("now", Timestamp.from(now))
			.param("id", identityId)
			.update();
		this.jdbc.sql("""
				UPDATE users SET last_sign_in_at = :now,
				       locale = COALESCE(:locale, locale), display_name = COALESCE(display_name, :name)
				 WHERE id = :id
				""")
			.param("now", Timestamp.from(now))
			.param("locale", identity.locale())
			.param("name", identity.displayName())
			.param("id", userId)
			.update();
	}

	Optional<UserRow> findUser(UUID userId) {
		return this.jdbc.sql("SELECT id, email, email_verified, display_name, created_at FROM users WHERE id = :id")
			.param("id", userId)
			.query((rs, n) -> new UserRow(rs.getObject("id", UUID.class), rs.getString("email"),
					rs.getBoolean("email_verified"), rs.getString("display_name"),
					rs.getTimestamp("created_at").toInstant()))
			.optional();
	}

	Optional<Recipient> findRecipient(UUID userId) {
		return this.jdbc.sql("SELECT email, email_verified, display_name, locale FROM users WHERE id = :id")
			.param("id", userId)
			.query((rs, n) -> new Recipient(rs.getString("email"), rs.getBoolean("email_verified"),
					rs.getString("display_name"), rs.getString("locale")))
			.optional();
	}

	List<LinkedIdentity> findIdentities(UUID userId) {
		return this.jdbc.sql("""
				SELECT id, provider, email, email_verified, created_at, last_sign_in_at
				  FROM user_identities WHERE user_id = :userId ORDER BY created_at
				""")
			.param("userId", userId)
			.query((rs, n) -> new LinkedIdentity(rs.getObject("id", UUID.class), rs.getString("provider"),
					rs.getString("email"), rs.getBoolean("email_verified"), rs.getTimestamp("created_at").toInstant(),
					(rs.getTimestamp("last_sign_in_at") != null) ? rs.getTimestamp("last_sign_in_at").toInstant()
							: null))
			.list();
	}

	/**
	 * The oldest user holding an identity with this verified address (case-insensitive) and none
	 * at this provider, provided the identity itself is not known yet: one query for the merge
	 * flow's question.
	 */
	Optional<UUID> findMergeTarget(String provider, String subject, String email) {
		return this.jdbc.sql("""
				SELECT i.user_id FROM user_identities i JOIN users u ON u.id = i.user_id
				 WHERE lower(i.email) = lower(:email) AND i.email_verified
				   AND NOT EXISTS (SELECT 1 FROM user_identities o WHERE o.user_id = i.user_id AND o.provider = :provider)
				   AND NOT EXISTS (SELECT 1 FROM user_identities k WHERE k.provider = :provider AND k.subject = :subject)
				 ORDER BY u.created_at LIMIT 1
				""")
			.param("email", email)
			.param("provider", provider)
			.param("subject", subject)
			.query(UUID.class)
			.optional();
	}

	/** Removes a user that was inserted in this transaction and turned out not to be needed. */
	void deleteUser(UUID userId) {
		this.jdbc.sql("DELETE FROM users WHERE id = :id").param("id", userId).update();
	}

	/** @return whether the identity belonged to the user and is gone */
	boolean deleteIdentity(UUID identityId, UUID userId) {
		return this.jdbc.sql("DELETE FROM user_identities WHERE id = :id AND user_id = :userId")
			.param("id", identityId)
			.param("userId", userId)
			.update() == 1;
	}

	/** Locks the user's row, so that two unlinks of the same user cannot both pass the last-identity check. */
	int lockAndCountIdentities(UUID userId) {
		this.jdbc.sql("SELECT id FROM users WHERE id = :id FOR UPDATE").param("id", userId).query(UUID.class).optional();
		return this.jdbc.sql("SELECT count(*) FROM user_identities WHERE user_id = :userId")
			.param("userId", userId)
			.query(Integer.class)
			.single();
	}

	List<String> findGroups(UUID userId) {
		return this.jdbc.sql("SELECT group_name FROM user_groups WHERE user_id = :userId ORDER BY group_name")
			.param("userId", userId)
			.query(String.class)
			.list();
	}

	void addGroup(UUID userId, String group, Instant now) {
		this.jdbc.sql("""
				INSERT INTO user_groups (user_id, group_name, added_at) VALUES (:userId, :group, :now)
				ON CONFLICT DO NOTHING
				""")
			.param("userId", userId)
			.param("group", group)
			.param("now", java.sql.Timestamp.from(now))
			.update();
	}

	void removeGroupsExcept(UUID userId, List<String> keep) {
		this.jdbc.sql("DELETE FROM user_groups WHERE user_id = :userId AND NOT (group_name = ANY(:keep))")
			.param("userId", userId)
			.param("keep", keep.toArray(String[]::new))
			.update();
	}

	boolean userExists(UUID userId) {
		return this.jdbc.sql("SELECT count(*) FROM users WHERE id = :id").param("id", userId).query(Long.class).single() > 0;
	}

	/** The users holding an identity with this verified address (case-insensitive), at most two. */
	List<UUID> findUsersByVerifiedEmail(String email) {
		return this.jdbc.sql("""
				SELECT DISTINCT user_id FROM user_identities
				 WHERE lower(email) = lower(:email) AND email_verified LIMIT 2
				""")
			.param("email", email)
			.query(UUID.class)
			.list();
	}
}
