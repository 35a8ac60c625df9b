package nexus.iam.clientregistry;

import java.text.ParseException;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionDecoderFactory;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.web.client.RestTemplate;

/**
 * Verifies {@code private_key_jwt} client assertions (RFC 7523) with the client's keys: from its
 * {@code jwks_uri}, or given inline at registration ({@code jwks}, which Spring Authorization
 * Server's own {@link JwtClientAssertionDecoderFactory} cannot use). Claims are checked as Spring
 * Authorization Server does ({@code iss} = {@code sub} = the client id, {@code aud} the issuer or
 * an endpoint, {@code exp}). A decoder is kept per client <em>and</em> key source and algorithm, so
 * that an update of a registered client's keys takes effect at once (Spring Authorization
 * Server's factory keeps the first decoder of a client id for ever).
 */
public final class ClientAssertionDecoders implements JwtDecoderFactory<RegisteredClient> {

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc7523#section-3";

	private final Cache<String, JwtDecoder> decoders = Caffeine.newBuilder().maximumSize(1_000).build();

	private final RestTemplate jwksClient;

	ClientAssertionDecoders(Duration jwksTimeout) {
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(jwksTimeout);
		requests.setReadTimeout(jwksTimeout);
		this.jwksClient = new RestTemplate(requests);
	}

	@Override
	public JwtDecoder createDecoder(RegisteredClient client) {
		JwsAlgorithm algorithm = client.getClientSettings().getTokenEndpointAuthenticationSigningAlgorithm();
		if (!(algorithm instanceof SignatureAlgorithm signature)) {
			throw invalidClient("the client has no public-key signing algorithm");
		}
		String inline = ClientOptions.jwks(client).orElse(null);
		String url = client.getClientSettings().getJwkSetUrl();
		if (inline == null && url == null) {
			throw invalidClient("the client has no keys (jwks_uri or jwks)");
		}
		String key = client.getClientId() + '\n' + signature.getName() + '\n' + ((inline != null) ? inline : url);
		return this.decoders.get(key, (k) -> {
			NimbusJwtDecoder decoder = (inline != null)
					? NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(parse(inline))).jwsAlgorithm(signature).build()
					: NimbusJwtDecoder.withJwkSetUri(url).jwsAlgorithm(signature).restOperations(this.jwksClient).build();
			decoder.setJwtValidator(JwtClientAssertionDecoderFactory.DEFAULT_JWT_VALIDATOR_FACTORY.apply(client));
			return decoder;
		});
	}

	private static JWKSet parse(String jwks) {
		try {
			return JWKSet.parse(jwks);
		}
		catch (ParseException ex) {
			throw invalidClient("the client's keys cannot be read");
		}
	}

	private static OAuth2AuthenticationException invalidClient(String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, description, ERROR_URI));
	}
}
