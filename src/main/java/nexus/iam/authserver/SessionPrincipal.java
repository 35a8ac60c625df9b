package nexus.iam.authserver;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * The resource owner of an authorization: a signed-in Nexus browser session. Its name, which
 * Spring Authorization Server keeps as the authorization's principal name, is the user id.
 */
final class SessionPrincipal extends AbstractAuthenticationToken {

	private final UUID userId;

	private final UUID sessionId;

	private final List<String> amr;

	private final Instant authTime;

	SessionPrincipal(UUID userId, UUID sessionId, List<String> amr, Instant authTime) {
		super(AuthorityUtils.NO_AUTHORITIES);
		this.userId = userId;
		this.sessionId = sessionId;
		this.amr = List.copyOf(amr);
		this.authTime = authTime;
		setAuthenticated(true);
	}

	UUID userId() {
		return this.userId;
	}

	UUID sessionId() {
		return this.sessionId;
	}

	/** How the session was authenticated (RFC 8176 values and the provider's name). */
	List<String> amr() {
		return this.amr;
	}

	/** When the user signed in to the session. */
	Instant authTime() {
		return this.authTime;
	}

	@Override
	public String getName() {
		return this.userId.toString();
	}

	@Override
	public Object getPrincipal() {
		return this.userId;
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof SessionPrincipal that && this.sessionId.equals(that.sessionId)
				&& this.userId.equals(that.userId);
	}

	@Override
	public int hashCode() {
		return this.sessionId.hashCode();
	}
}
