package nexus.iam.testsupport;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A non-browser client of the token endpoints: tokens travel in bodies, not cookies. */
public final class TokenClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String baseUrl;

	public TokenClient(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public HttpResponse<String> refresh(String refreshToken) {
		return new Browser().send(this.baseUrl + "/api/auth/refresh",
				(r) -> r.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"refresh_token\":\"" + refreshToken + "\"}")));
	}

	public HttpResponse<String> revoke(String form) {
		return new Browser().send(this.baseUrl + "/api/auth/revoke",
				(r) -> r.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	public HttpResponse<String> me(String accessToken) {
		return me(this.baseUrl, accessToken);
	}

	public static HttpResponse<String> me(String baseUrl, String accessToken) {
		return new Browser().send(baseUrl + "/api/me", (r) -> r.header("Authorization", "Bearer " + accessToken));
	}

	/** A GET with the access token as a bearer token, as an API client sends it. */
	public static HttpResponse<String> get(String url, String bearer) {
		return new Browser().send(url, (r) -> r.header("Authorization", "Bearer " + bearer).GET());
	}

	/** A POST with the access token as a bearer token, and a JSON body unless it is null. */
	public static HttpResponse<String> post(String url, String bearer, @Nullable String json) {
		return new Browser().send(url, (r) -> {
			r.header("Authorization", "Bearer " + bearer);
			if (json == null) {
				return r.POST(HttpRequest.BodyPublishers.noBody());
			}
			return r.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
		});
	}

	/** A PUT of a JSON body with a bearer token. */
	public static HttpResponse<String> put(String url, String bearer, String json) {
		return new Browser().send(url, (r) -> r.header("Authorization", "Bearer " + bearer)
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json)));
	}

	/** A DELETE with the access token as a bearer token. */
	public static HttpResponse<String> delete(String url, String bearer) {
		return new Browser().send(url, (r) -> r.header("Authorization", "Bearer " + bearer).DELETE());
	}

	public static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	public static String form(String name, String value) {
		return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** A signed-in browser's tokens: the access and refresh cookie values. */
	public record Tokens(String access, String refresh) {

		public static Tokens of(Browser browser) {
			return new Tokens(browser.cookies().get("nexus_access"), browser.cookies().get("nexus_refresh"));
		}

		public static Tokens of(HttpResponse<String> refreshResponse) {
			JsonNode body = json(refreshResponse);
			return new Tokens(body.get("access_token").asString(), body.get("refresh_token").asString());
		}

		/** The user the access token was issued to: its {@code sub} claim. */
		public String userId() {
			return claims(this.access).getSubject();
		}

		/** The session the access token belongs to: its {@code sid} claim. */
		public String sessionId() {
			return (String) claims(this.access).getClaim("sid");
		}

		private static JWTClaimsSet claims(String accessToken) {
			try {
				return SignedJWT.parse(accessToken).getJWTClaimsSet();
			}
			catch (ParseException ex) {
				throw new IllegalStateException(ex);
			}
		}
	}
}
