package nexus.iam.authserver;

import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import nexus.iam.identity.IdentityService;

/** The user's claims from the identity feature: profile and groups. */
@Component
final class Users {

	private final IdentityService identities;

	Users(IdentityService identities) {
		this.identities = identities;
	}

	/** Only what the scopes need is read: the groups are a query of their own. */
	Optional<ScopeClaims.User> of(UUID userId, java.util.Set<String> scopes) {
		return this.identities.profile(userId)
			.map((profile) -> new ScopeClaims.User(userId.toString(), profile.email(), profile.emailVerified(),
					profile.name(),
					scopes.contains(ScopeClaims.GROUPS) ? this.identities.groups(userId) : java.util.List.of()));
	}
}
