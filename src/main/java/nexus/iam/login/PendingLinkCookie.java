package nexus.iam.login;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import com.nimbusds.jwt.JWTClaimsSet;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseCookie;

import nexus.iam.cookie.CookieFactory;
import nexus.iam.cookie.CookieFactory.Scope;
import nexus.iam.identity.ExternalIdentity;

/**
 * The merge flow's memory: an identity a provider vouched for whose verified address belongs to an
 * existing account, waiting (sealed, for a few minutes) until the browser proves it owns that
 * account by a fresh sign-in with one of the account's own methods. Only then is it linked.
 */
public final class PendingLinkCookie {

	static final String NAME = "nexus_link";

	static final Duration LIFETIME = Duration.ofMinutes(10);

	private static final String PURPOSE = "nexus-iam/pending-link/v1";

	private final SealedCookieValues sealed;

	private final CookieFactory cookies;

	private final String name;

	PendingLinkCookie(byte[] secret, CookieFactory cookies, Clock clock) {
		this.sealed = new SealedCookieValues(secret, PURPOSE, clock);
		this.cookies = cookies;
		this.name = cookies.name(NAME, "/", Scope.HOST);
	}

	public ResponseCookie create(PendingLink link) {
		ExternalIdentity identity = link.identity();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().claim("account", link.accountId().toString())
			.claim("provider", identity.provider())
			.claim("sub", identity.subject())
			.claim("email", identity.email())
			.claim("email_verified", identity.emailVerified())
			.claim("name", identity.displayName())
			.claim("locale", identity.locale())
			.claim("private_email", identity.privateEmail());
		// None: the sign-in that proves ownership may be Apple's, whose callback is a cross-site POST
		return this.cookies.create(NAME, this.sealed.seal(claims, LIFETIME), "/", Scope.HOST, LIFETIME, "None");
	}

	public ResponseCookie expire() {
		return this.cookies.expire(NAME, "/", Scope.HOST, "None");
	}

	public Optional<PendingLink> read(HttpServletRequest request) {
		return this.sealed.open(SealedCookieValues.cookieValue(request, this.name)).flatMap((claims) -> {
			try {
				return Optional.of(new PendingLink(UUID.fromString(claims.getStringClaim("account")),
						new ExternalIdentity(claims.getStringClaim("provider"), claims.getStringClaim("sub"),
								claims.getStringClaim("email"), Boolean.TRUE.equals(claims.getBooleanClaim("email_verified")),
								claims.getStringClaim("name"), claims.getStringClaim("locale"),
								Boolean.TRUE.equals(claims.getBooleanClaim("private_email")))));
			}
			catch (ParseException | IllegalArgumentException | NullPointerException ex) {
				return Optional.empty();
			}
		});
	}
}
