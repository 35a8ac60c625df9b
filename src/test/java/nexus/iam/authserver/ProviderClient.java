package nexus.iam.authserver;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.TokenClient;

import static org.assertj.core.api.Assertions.assertThat;

/** A relying party of the provider in the tests: builds authorization requests and calls its endpoints. */
final class ProviderClient {

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String baseUrl;

	private final String clientId;

	private final @Nullable String secret;

	private final String redirectUri;

	ProviderClient(String baseUrl, String clientId, @Nullable String secret, String redirectUri) {
		this.baseUrl = baseUrl;
		this.clientId = clientId;
		this.secret = secret;
		this.redirectUri = redirectUri;
	}

	String clientId() {
		return this.clientId;
	}

	/** A PKCE pair: the verifier and its S256 challenge. */
	static Pkce pkce() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return new Pkce(verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** An authorization request for {@code scope} with PKCE, state and nonce; {@code extra} added or replacing. */
	String authorizeUrl(String scope, Pkce pkce, Map<String, String> extra) {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("response_type", "code");
		parameters.put("client_id", this.clientId);
		parameters.put("redirect_uri", this.redirectUri);
		parameters.put("scope", scope);
		parameters.put("state", "st-123");
		parameters.put("nonce", "n-456");
		parameters.put("code_challenge", pkce.challenge());
		parameters.put("code_challenge_method", "S256");
		parameters.putAll(extra);
		parameters.values().removeIf((value) -> value == null);
		return this.baseUrl + "/oauth2/authorize?" + form(parameters);
	}

	/** Follows the browser through the authorization to the client's redirect URI; returns that URL. */
	String authorize(Browser browser, String scope, Pkce pkce, Map<String, String> extra) {
		HttpResponse<String> response = browser.get(authorizeUrl(scope, pkce, extra));
		assertThat(response.statusCode()).as("authorization answer %s", response.body()).isEqualTo(302);
		String location = Browser.location(response);
		assertThat(location).startsWith(this.redirectUri);
		return location;
	}

	/** The code of a successful authorization response. */
	static String code(String redirect) {
		return query(redirect).get("code");
	}

	static Map<String, String> query(String url) {
		Map<String, String> values = new LinkedHashMap<>();
		String query = URI.create(url).getRawQuery();
		if (query == null) {
			return values;
		}
		for (String pair : query.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				values.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
			}
		}
		return values;
	}

	HttpResponse<String> exchange(String code, String verifier) {
		return token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", this.redirectUri,
				"code_verifier", verifier));
	}

	HttpResponse<String> refresh(String refreshToken) {
		return token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
	}

	HttpResponse<String> token(Map<String, String> parameters) {
		return post("/oauth2/token", parameters);
	}

	HttpResponse<String> introspect(String token) {
		return post("/oauth2/introspect", Map.of("token", token));
	}

	HttpResponse<String> revoke(String token) {
		return post("/oauth2/revoke", Map.of("token", token));
	}

	HttpResponse<String> userinfo(String accessToken) {
		return TokenClient.get(this.baseUrl + "/userinfo", accessToken);
	}

	/** A form post with this client's credentials (basic), or its client_id alone for a public client. */
	HttpResponse<String> post(String path, Map<String, String> parameters) {
		Map<String, String> form = new LinkedHashMap<>(parameters);
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(20))
			.header("Content-Type", "application/x-www-form-urlencoded");
		if (this.secret != null) {
			request.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString((encode(this.clientId) + ":" + encode(this.secret)).getBytes(StandardCharsets.UTF_8)));
		}
		else {
			form.putIfAbsent("client_id", this.clientId);
		}
		return send(request.POST(HttpRequest.BodyPublishers.ofString(form(form))).build());
	}

	static HttpResponse<String> send(HttpRequest request) {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static JsonNode json(HttpResponse<String> response) {
		return TokenClient.json(response);
	}

	static String form(Map<String, String> parameters) {
		return parameters.entrySet()
			.stream()
			.map((entry) -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
			.collect(Collectors.joining("&"));
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String decode(String value) {
		return java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

	/** A PKCE verifier and its S256 challenge. */
	record Pkce(String verifier, String challenge) {
	}
}
