package nexus.iam.authserver;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.transaction.annotation.Transactional;

import nexus.iam.audit.AuditEvent;
import nexus.iam.audit.AuditEventType;
import nexus.iam.audit.AuditLog;

/**
 * What users allowed clients that ask for consent, remembered per user and client in
 * {@code oidc_consents} until withdrawn on {@code /account/applications}. Withdrawing also ends
 * the tokens the client holds for the user.
 */
class PostgresConsentService implements OAuth2AuthorizationConsentService {

	private static final String SCOPE = "SCOPE_";

	private final ConsentRepository consents;

	private final AuthorizationRepository authorizations;

	private final PostgresAuthorizationService authorizationService;

	private final AuditLog audit;

	private final Clock clock;

	PostgresConsentService(ConsentRepository consents, AuthorizationRepository authorizations,
			PostgresAuthorizationService authorizationService, AuditLog audit, Clock clock) {
		this.consents = consents;
		this.authorizations = authorizations;
		this.authorizationService = authorizationService;
		this.audit = audit;
		this.clock = clock;
	}

	@Override
	@Transactional
	public void save(OAuth2AuthorizationConsent consent) {
		List<String> scopes = consent.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority != null && authority.startsWith(SCOPE))
			.map((authority) -> authority.substring(SCOPE.length()))
			.sorted()
			.toList();
		this.consents.upsert(consent.getPrincipalName(), consent.getRegisteredClientId(), scopes, this.clock.instant());
		this.audit.record(new AuditEvent(AuditEventType.OIDC_CONSENT_GIVEN, userId(consent.getPrincipalName()), null,
				null, null, Map.of("client", consent.getRegisteredClientId(), "scopes", String.join(" ", scopes))));
	}

	@Override
	public void remove(OAuth2AuthorizationConsent consent) {
		withdraw(consent.getPrincipalName(), consent.getRegisteredClientId());
	}

	@Override
	public @Nullable OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
		return this.consents.find(principalName, registeredClientId).map((stored) -> {
			OAuth2AuthorizationConsent.Builder builder = OAuth2AuthorizationConsent.withId(registeredClientId,
					principalName);
			stored.scopes().forEach(builder::scope);
			return builder.build();
		}).orElse(null);
	}

	/**
	 * Withdraws a user's consent to a client and ends the tokens the client holds for the user.
	 * @return whether there was a consent
	 */
	@Transactional
	public boolean withdraw(String principalName, String registeredClientId) {
		boolean existed = this.consents.delete(principalName, registeredClientId);
		if (existed) {
			this.authorizations.idsOf(principalName, registeredClientId).forEach(this.authorizationService::revokeAll);
			this.audit.record(new AuditEvent(AuditEventType.OIDC_CONSENT_WITHDRAWN, userId(principalName), null, null,
					null, Map.of("client", registeredClientId)));
		}
		return existed;
	}

	List<ConsentRepository.Consent> of(UUID userId) {
		return this.consents.of(userId.toString());
	}

	private static @Nullable UUID userId(String principalName) {
		try {
			return UUID.fromString(principalName);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}
}
