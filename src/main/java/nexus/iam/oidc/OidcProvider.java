package nexus.iam.oidc;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nexus.iam.identity.ExternalIdentity;
import nexus.iam.identity.ProfileValues;
import nexus.iam.login.LoginProperties.ProviderProperties;
import nexus.iam.oidc.ProviderCalls.Operation;
import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;

/**
 * One OIDC provider, as a relying party sees it (OpenID Connect Core 1.0, section 3.1). Metadata
 * is discovered on first use, not at start-up, so that an unreachable provider does not keep the
 * service from starting; its JWKS is cached and refreshed when an unknown {@code kid} appears.
 * Every call to the provider is a traced client span (see {@link ProviderCalls}).
 */
final class OidcProvider {

	private static final Logger log = LoggerFactory.getLogger(OidcProvider.class);

	private final String name;

	private final String displayName;

	private final Issuer issuer;

	private final ClientID clientId;

	/** Per request: Apple's client secret is a short-lived JWT, renewed as time goes by. */
	private final java.util.function.Supplier<ClientAuthentication> clientAuthentication;

	private final boolean formPost;

	private final Scope scope;

	private final JWSAlgorithm idTokenAlgorithm;

	private final URI redirectUri;

	private final int timeoutMillis;

	private final ProviderCalls calls;

	private volatile @Nullable Discovered discovered;

	/** Until when a failed discovery is answered at once instead of retried. */
	private volatile long retryDiscoveryAfterNanos;

	private final ReentrantLock discovering = new ReentrantLock();

	private static final long DISCOVERY_BACKOFF_NANOS = java.time.Duration.ofSeconds(5).toNanos();

	OidcProvider(String name, ProviderProperties properties, URI issuer, URI redirectUri, int timeoutMillis,
			java.time.Clock clock, ObservationRegistry observations) {
		this.name = name;
		this.displayName = (properties.displayName() != null) ? properties.displayName() : defaultDisplayName(name);
		this.issuer = new Issuer(issuer);
		this.clientId = new ClientID(properties.clientId());
		java.util.function.Supplier<Secret> secret;
		if (properties.apple().configured()) {
			AppleClientSecret apple = new AppleClientSecret(properties.apple(), properties.clientId(), clock);
			secret = () -> new Secret(apple.value());
		}
		else {
			Secret fixed = new Secret(String.valueOf(properties.clientSecret()));
			secret = () -> fixed;
		}
		this.clientAuthentication = switch (properties.clientAuthenticationFor(name)) {
			case CLIENT_SECRET_BASIC -> () -> new ClientSecretBasic(this.clientId, secret.get());
			case CLIENT_SECRET_POST -> () -> new ClientSecretPost(this.clientId, secret.get());
		};
		this.formPost = properties.formPost(name);
		this.scope = new Scope(properties.scopesFor(name).toArray(String[]::new));
		this.idTokenAlgorithm = JWSAlgorithm.parse(properties.idTokenAlgorithm());
		this.redirectUri = redirectUri;
		this.timeoutMillis = timeoutMillis;
		this.calls = new ProviderCalls(observations, name);
	}

	String name() {
		return this.name;
	}

	String displayName() {
		return this.displayName;
	}

	/**
	 * Whether the provider POSTs the callback from its own site ({@code response_mode=form_post}):
	 * the sign-in state cookie must then be {@code SameSite=None} to come along.
	 */
	boolean formPost() {
		return this.formPost;
	}

	/** The issuer's origin, where the authorization endpoint lives for the providers we know. */
	String issuerOrigin() {
		URI issuer = URI.create(this.issuer.getValue());
		return issuer.getScheme() + "://" + issuer.getAuthority();
	}

	/** The URL that starts the sign-in at the provider: authorization code flow with PKCE S256. */
	URI authorizationUri(LoginState state, @Nullable String loginHint) {
		AuthenticationRequest.Builder request = new AuthenticationRequest.Builder(ResponseType.CODE, this.scope,
				this.clientId, this.redirectUri)
			.endpointURI(discovered().metadata().getAuthorizationEndpointURI())
			.state(new State(state.state()))
			.nonce(new Nonce(state.nonce()))
			.codeChallenge(new CodeVerifier(state.codeVerifier()), CodeChallengeMethod.S256);
		if (this.formPost) {
			request.responseMode(ResponseMode.FORM_POST);
		}
		if (loginHint != null) {
			request.loginHint(loginHint);
		}
		return request.build().toURI();
	}

	/**
	 * Exchanges the authorization code and validates the ID token: signature against the
	 * provider's JWKS, issuer, audience, expiry and nonce.
	 */
	ExternalIdentity exchange(String code, LoginState state) {
		Discovered provider = discovered();
		TokenRequest request = new TokenRequest(provider.metadata().getTokenEndpointURI(), this.clientAuthentication.get(),
				new AuthorizationCodeGrant(new AuthorizationCode(code), this.redirectUri,
						new CodeVerifier(state.codeVerifier())));
		TokenResponse response;
		try {
			HTTPResponse http = this.calls.observe(Operation.TOKEN, request.getEndpointURI(), (traceHeaders) -> {
				HTTPRequest exchange = request.toHTTPRequest();
				exchange.setConnectTimeout(this.timeoutMillis);
				exchange.setReadTimeout(this.timeoutMillis);
				traceHeaders.forEach(exchange::setHeader);
				return exchange.send();
			});
			response = OIDCTokenResponseParser.parse(http);
		}
		catch (IOException ex) {
			throw new ProblemException(ErrorCode.PROVIDER_UNAVAILABLE, "The provider's token endpoint cannot be reached",
					ex);
		}
		catch (com.nimbusds.oauth2.sdk.ParseException ex) {
			throw new ProblemException(ErrorCode.PROVIDER_UNAVAILABLE, "The provider's token response is not valid", ex);
		}
		if (!response.indicatesSuccess()) {
			TokenErrorResponse error = response.toErrorResponse();
			log.info("Provider {} rejected an authorization code: {}", this.name, error.getErrorObject().getCode());
			throw new ProblemException(ErrorCode.AUTHORIZATION_CODE_REJECTED);
		}
		JWT idToken = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDToken();
		if (idToken == null) {
			// e.g. scopes configured without openid: an OAuth answer, not an OIDC one
			log.warn("Provider {} answered without an ID token", this.name);
			throw new ProblemException(ErrorCode.INVALID_ID_TOKEN);
		}
		IDTokenClaimsSet claims;
		try {
			claims = provider.validator().validate(idToken, new Nonce(state.nonce()));
		}
		catch (KeySourceException ex) {
			// the provider's JWKS could not be fetched: an outage, not a forged token
			throw new ProblemException(ErrorCode.PROVIDER_UNAVAILABLE, "The provider's signing keys cannot be fetched", ex);
		}
		catch (BadJOSEException | JOSEException ex) {
			log.warn("Provider {} sent an ID token that failed validation: {}", this.name, ex.getMessage());
			throw new ProblemException(ErrorCode.INVALID_ID_TOKEN);
		}
		// a claim that is no address or no name is dropped, not stored: the provider is trusted for
		// who the user is, not for what its free-text claims hold
		String email = ProfileValues.emailAddressOrNull(claims.getStringClaim("email"));
		return new ExternalIdentity(this.name, claims.getSubject().getValue(), email,
				email != null && booleanClaim(claims.getClaim("email_verified")),
				ProfileValues.displayNameOrNull(claims.getStringClaim("name")),
				claims.getStringClaim("locale"), privateRelay(claims.getClaim("is_private_email"), email));
	}

	/** Apple's "Hide My Email": flagged, or recognisable by its relay domain even when the flag is absent. */
	static boolean privateRelay(@Nullable Object flag, @Nullable String email) {
		return booleanClaim(flag)
				|| (email != null && email.toLowerCase(java.util.Locale.ROOT).endsWith("@privaterelay.appleid.com"));
	}

	/** Providers send {@code email_verified} as a boolean or, like Apple, as the string "true". */
	static boolean booleanClaim(@Nullable Object value) {
		return Boolean.TRUE.equals(value) || (value instanceof String s && Boolean.parseBoolean(s));
	}

	private Discovered discovered() {
		Discovered current = this.discovered;
		if (current != null) {
			return current;
		}
		// a lock, not synchronized: virtual threads waiting on a monitor pin carriers before JDK 24
		this.discovering.lock();
		try {
			if (this.discovered == null) {
				if (System.nanoTime() < this.retryDiscoveryAfterNanos) {
					throw unreachable(null);
				}
				try {
					this.discovered = discover();
				}
				catch (ProblemException ex) {
					this.retryDiscoveryAfterNanos = System.nanoTime() + DISCOVERY_BACKOFF_NANOS;
					throw ex;
				}
			}
			return this.discovered;
		}
		finally {
			this.discovering.unlock();
		}
	}

	private ProblemException unreachable(@Nullable Throwable cause) {
		return new ProblemException(ErrorCode.PROVIDER_UNAVAILABLE,
				"The sign-in provider '" + this.name + "' cannot be reached", cause);
	}

	private Discovered discover() {
		try {
			URI configuration = OIDCProviderMetadata.resolveURL(this.issuer).toURI();
			OIDCProviderMetadata metadata = this.calls.observe(Operation.DISCOVERY, configuration,
					(traceHeaders) -> OIDCProviderMetadata.resolve(this.issuer, (request) -> {
						request.setConnectTimeout(this.timeoutMillis);
						request.setReadTimeout(this.timeoutMillis);
						traceHeaders.forEach(request::setHeader);
					}));
			URL jwksUrl = metadata.getJWKSetURI().toURL();
			JWKSource<SecurityContext> keys = JWKSourceBuilder
				.<SecurityContext>create(jwksUrl, this.calls.jwksRetriever(this.timeoutMillis, 512 * 1024))
				.build();
			return new Discovered(metadata, idTokenValidator(this.issuer, this.clientId, this.idTokenAlgorithm, keys));
		}
		catch (Exception ex) { // GeneralException, IOException, URISyntaxException, RuntimeException
			throw unreachable(ex);
		}
	}

	/**
	 * Validates ID tokens as OpenID Connect Core 1.0 section 3.1.3.7 asks: the one expected
	 * algorithm, a key of the provider, issuer, audience, expiry and nonce, with 60 s of clock skew.
	 */
	static IDTokenValidator idTokenValidator(Issuer issuer, ClientID clientId, JWSAlgorithm algorithm,
			JWKSource<SecurityContext> keys) {
		IDTokenValidator validator = new IDTokenValidator(issuer, clientId,
				new JWSVerificationKeySelector<>(algorithm, keys), null);
		validator.setMaxClockSkew(60);
		return validator;
	}

	private static String defaultDisplayName(String name) {
		return name.isEmpty() ? name : name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
	}

	private record Discovered(OIDCProviderMetadata metadata, IDTokenValidator validator) {
	}

}
