package nexus.iam.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import nexus.iam.identity.IdentityRepository.IdentityRow;
import nexus.iam.identity.UserProfile.LinkedIdentity;
import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;
import nexus.iam.surface.KnownUsers;

/**
 * Maps external identities to users. A new provider subject always gets a new user: an account is
 * never joined to another on a matching e-mail address alone (that would let whoever controls an
 * address at any provider take the account).
 */
@Service
public class IdentityService implements KnownUsers {

	/**
	 * Profiles change only when their user signs in or edits them, yet {@code GET /api/me} is
	 * among the most frequent calls: a short cache spares PostgreSQL two queries per request. A
	 * change made on another node shows here within {@link #PROFILE_CACHE_TTL}.
	 */
	static final Duration PROFILE_CACHE_TTL = Duration.ofSeconds(5);

	private final IdentityRepository repository;

	private final Clock clock;

	private final GroupProperties groupProperties;

	/** Forward-auth asks for a user's groups on every request to a protected tool. */
	private final Cache<UUID, List<String>> groups = Caffeine.newBuilder()
		.maximumSize(10_000)
		.expireAfterWrite(PROFILE_CACHE_TTL)
		.build();

	private final Cache<UUID, UserProfile> profiles = Caffeine.newBuilder()
		.maximumSize(10_000)
		.expireAfterWrite(PROFILE_CACHE_TTL)
		.build();

	IdentityService(IdentityRepository repository, Clock clock, GroupProperties groupProperties) {
		this.repository = repository;
		this.clock = clock;
		this.groupProperties = groupProperties;
	}

	/**
	 * The user this identity signs in to, created on its first sign-in. First sign-ins of the same
	 * subject at the same moment (a double click, a retry, two tabs, on any nodes) make one user:
	 * the first to commit creates it and every other one is a sign-in of that user.
	 */
	@Transactional
	public SignedInUser signIn(ExternalIdentity identity) {
		Instant now = this.clock.instant();
		// locked until the session is recorded: an unlink that deleted the identity meanwhile makes
		// this find nothing (a new user), instead of a session for the identity it has just removed
		Optional<IdentityRow> existing = this.repository.findIdentityForUpdate(identity.provider(),
				identity.subject());
		if (existing.isEmpty()) {
			UUID userId = UUID.randomUUID();
			UUID identityId = UUID.randomUUID();
			this.repository.insertUser(userId, identity, now);
			if (this.repository.insertIdentity(identityId, userId, identity, now)) {
				joinBootstrapGroups(userId, identity, now);
				return new SignedInUser(userId, identityId, true);
			}
			// a concurrent first sign-in of the same subject committed first (the insert waited for
			// it): drop this attempt's user and sign in to the winner's, which a new statement sees
			this.repository.deleteUser(userId);
			existing = this.repository.findIdentityForUpdate(identity.provider(), identity.subject());
			if (existing.isEmpty()) {
				throw new IllegalStateException("identity conflicted but cannot be found");
			}
		}
		IdentityRow row = existing.get();
		this.repository.recordSignIn(row.id(), row.userId(), identity, now);
		this.profiles.invalidate(row.userId());
		joinBootstrapGroups(row.userId(), identity, now);
		return new SignedInUser(row.userId(), row.id(), false);
	}

	/** The groups configuration names this identity's verified address for. */
	private void joinBootstrapGroups(UUID userId, ExternalIdentity identity, Instant now) {
		if (identity.email() == null || !identity.emailVerified()) {
			return;
		}
		this.groupProperties.bootstrap().forEach((group, emails) -> {
			if (emails.stream().anyMatch((email) -> email.equalsIgnoreCase(identity.email()))) {
				this.repository.addGroup(userId, group, now);
				this.groups.invalidate(userId);
			}
		});
	}

	/** The user's groups, sorted; cached for a few seconds. */
	public List<String> groups(UUID userId) {
		return this.groups.get(userId, this.repository::findGroups);
	}

	/**
	 * Sets the user's groups.
	 * @throws ProblemException {@code not_found} for an unknown user, {@code invalid_request} for a bad name
	 */
	@Transactional
	public List<String> replaceGroups(UUID userId, List<String> groups) {
		if (!this.repository.userExists(userId)) {
			throw new ProblemException(ErrorCode.NOT_FOUND, "No such user");
		}
		for (String group : groups) {
			if (!GroupProperties.NAME.matcher(group).matches()) {
				throw new ProblemException(ErrorCode.INVALID_REQUEST, "\"" + group + "\" is not a group name");
			}
		}
		List<String> wanted = groups.stream().distinct().sorted().toList();
		this.repository.removeGroupsExcept(userId, wanted);
		wanted.forEach((group) -> this.repository.addGroup(userId, group, this.clock.instant()));
		this.groups.invalidate(userId);
		return wanted;
	}

	/**
	 * The user of an identity that another system registered (Ory Kratos's registration web-hook),
	 * created with it on the first delivery and merely found on every later one: the same
	 * registration delivered twice, even at the same moment, makes one user and one identity. As
	 * with a first sign-in, an existing account is never joined on a matching address.
	 * @return the user; {@link SignedInUser#created()} only for the delivery that created it
	 */
	@Transactional
	public SignedInUser register(ExternalIdentity identity) {
		Optional<IdentityRow> existing = this.repository.findIdentity(identity.provider(), identity.subject());
		if (existing.isPresent()) {
			return new SignedInUser(existing.get().userId(), existing.get().id(), false);
		}
		Instant now = this.clock.instant();
		UUID userId = UUID.randomUUID();
		UUID identityId = UUID.randomUUID();
		this.repository.insertUser(userId, identity, now);
		if (this.repository.insertIdentity(identityId, userId, identity, now)) {
			return new SignedInUser(userId, identityId, true);
		}
		// a concurrent delivery inserted it first (the insert waited for its commit): drop this
		// attempt's user and answer with the winner's, which a new statement now sees
		this.repository.deleteUser(userId);
		IdentityRow winner = this.repository.findIdentity(identity.provider(), identity.subject())
			.orElseThrow(() -> new IllegalStateException("identity conflicted but cannot be found"));
		return new SignedInUser(winner.userId(), winner.id(), false);
	}

	/**
	 * The account this identity must be linked into rather than become an account of its own: an
	 * identity not yet known whose verified, non-relay address an existing account already holds
	 * (verified) at another provider. Nothing is linked here: the caller asks the user to prove
	 * they own that account first.
	 */
	public Optional<UUID> accountToLinkInto(ExternalIdentity identity) {
		if (!identity.hasVerifiedPersonalEmail()) {
			return Optional.empty();
		}
		return this.repository.findMergeTarget(identity.provider(), identity.subject(), identity.email());
	}

	/**
	 * Attaches an identity to a user, unless it belongs to another user: then nothing changes.
	 */
	@Transactional
	public LinkResult link(UUID userId, ExternalIdentity identity) {
		Optional<IdentityRow> existing = this.repository.findIdentity(identity.provider(), identity.subject());
		if (existing.isPresent()) {
			return existing.get().userId().equals(userId) ? LinkResult.ALREADY_LINKED : LinkResult.OWNED_BY_ANOTHER;
		}
		if (!this.repository.insertIdentity(UUID.randomUUID(), userId, identity, this.clock.instant())) {
			return LinkResult.OWNED_BY_ANOTHER; // linked elsewhere meanwhile
		}
		this.profiles.invalidate(userId);
		return LinkResult.LINKED;
	}

	/** What linking an identity did. */
	public enum LinkResult {

		/** The identity now belongs to the user. */
		LINKED,
		/** It already did: nothing changed. */
		ALREADY_LINKED,
		/** It belongs to another user: nothing changed. */
		OWNED_BY_ANOTHER

	}

	/**
	 * Removes one of the user's identities, never the last one: the account would be unreachable.
	 * @return the provider of the removed identity
	 * @throws ProblemException {@code identity_not_found} for an unknown or someone else's
	 * identity, {@code last_identity} for the last one
	 */
	@Transactional
	public String unlink(UUID userId, UUID identityId) {
		int count = this.repository.lockAndCountIdentities(userId);
		LinkedIdentity identity = this.repository.findIdentities(userId)
			.stream()
			.filter((candidate) -> candidate.id().equals(identityId))
			.findFirst()
			.orElseThrow(() -> new ProblemException(ErrorCode.IDENTITY_NOT_FOUND));
		if (count <= 1) {
			throw new ProblemException(ErrorCode.LAST_IDENTITY);
		}
		this.repository.deleteIdentity(identityId, userId);
		this.profiles.invalidate(userId);
		return identity.provider();
	}

	/** The one user with this verified address; empty when none or several have it. */
	@Override
	public Optional<UUID> userByVerifiedEmail(String email) {
		List<UUID> users = this.repository.findUsersByVerifiedEmail(email);
		return (users.size() == 1) ? Optional.of(users.getFirst()) : Optional.empty();
	}

	@Override
	public boolean exists(UUID userId) {
		return profile(userId).isPresent();
	}

	public Optional<UserProfile> profile(UUID userId) {
		UserProfile cached = this.profiles.getIfPresent(userId);
		if (cached != null) {
			return Optional.of(cached);
		}
		Optional<UserProfile> loaded = this.repository.findUser(userId)
			.map((user) -> new UserProfile(user.id(), user.email(), user.emailVerified(), user.displayName(),
					user.createdAt(), this.repository.findIdentities(userId)));
		loaded.ifPresent((profile) -> this.profiles.put(userId, profile));
		return loaded;
	}

	/** Where to send a user e-mail, read afresh (not cached); empty for an unknown user. */
	public Optional<Recipient> recipient(UUID userId) {
		return this.repository.findRecipient(userId);
	}
}
