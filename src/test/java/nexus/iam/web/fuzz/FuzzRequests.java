package nexus.iam.web.fuzz;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import nexus.iam.web.fuzz.Endpoint.Body;
import nexus.iam.web.fuzz.Endpoint.Caller;

/**
 * Makes hostile requests from a seed, so that a failure can be replayed: for each request a route
 * of the {@link Catalogue} in turn, then one thing made hostile (a parameter in the query or the
 * form, the JSON body, a route variable, a header, the method, the token's encoding), sent by the
 * route's caller or, now and then, by nobody.
 */
final class FuzzRequests {

	private static final String[] KINDS = { "query", "form", "json", "segment", "header", "content-type", "accept",
			"method", "token", "cookie-token", "many-parameters" };

	private static final String[] METHODS = { "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE", "FOO", "GET",
			"POST" };

	/** Methods no route is mapped to: safe to send with credentials. */
	private static final java.util.Set<String> UNMAPPED_METHODS = java.util.Set.of("OPTIONS", "HEAD", "TRACE", "FOO"); // passkey: PATCH is mapped now

	private final Random random;

	private final Credentials credentials;

	FuzzRequests(long seed, Credentials credentials) {
		this.random = new Random(seed);
		this.credentials = credentials;
	}

	/**
	 * Who the fuzzer can be: a user's valid access token (a different user now and then, so that no
	 * per-user rate limit starves the run), the administration token, the Kratos secret.
	 */
	record Credentials(Supplier<String> userAccessToken, String adminToken, String kratosSecret) {
	}

	List<FuzzRequest> next(int count) {
		List<FuzzRequest> requests = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			requests.add(make(Catalogue.ENDPOINTS.get(i % Catalogue.ENDPOINTS.size())));
		}
		return requests;
	}

	private FuzzRequest make(Endpoint endpoint) {
		String kind = pick(KINDS);
		String method = endpoint.method();
		String path = path(endpoint, kind.equals("segment"));
		String query = "";
		String body = null;
		List<String> headers = new ArrayList<>();
		boolean anonymous = endpoint.caller() == Caller.ANONYMOUS || this.random.nextInt(8) == 0;
		String authorization = anonymous ? null : credential(endpoint.caller());
		switch (kind) {
			case "query" -> query = "?" + parameter(endpoint) + "=" + pick(HostileCorpus.WIRE_VALUES)
					+ (this.random.nextBoolean() ? "&" + parameter(endpoint) + "=" + pick(HostileCorpus.WIRE_VALUES) : "");
			case "form" -> {
				headers.add("Content-Type: application/x-www-form-urlencoded");
				body = parameter(endpoint) + "=" + pick(HostileCorpus.WIRE_VALUES)
						+ (this.random.nextBoolean() ? "&" + pick(HostileCorpus.WIRE_VALUES) : "");
			}
			case "json" -> {
				headers.add("Content-Type: application/json");
				body = json(endpoint);
			}
			case "header" -> headers.add(pick(HostileCorpus.NOISE_HEADERS));
			case "content-type" -> {
				headers.add("Content-Type: " + pick(HostileCorpus.CONTENT_TYPES));
				body = this.random.nextBoolean() ? json(endpoint) : parameter(endpoint) + "=" + pick(HostileCorpus.WIRE_VALUES);
			}
			case "accept" -> headers.add("Accept: " + pick(HostileCorpus.ACCEPTS));
			case "method" -> {
				method = pick(METHODS);
				if (!UNMAPPED_METHODS.contains(method)) {
					// another route may share the path (POST and DELETE /api/me/mfa/totp): as nobody
					authorization = null;
				}
			}
			case "token" -> authorization = mangledAuthorization();
			case "cookie-token" -> headers.add("Cookie: nexus_access=" + mangle(this.credentials.userAccessToken().get()));
			case "many-parameters" -> query = "?" + "a=1&".repeat(101 + this.random.nextInt(200));
			default -> {
			}
		}
		if (authorization != null) {
			headers.add(authorization);
		}
		if (body == null && Catalogue.hasBody(endpoint) && (authorization != null || kind.equals("segment"))) {
			// a signed-in request without a body may be a valid one (revoke-all without a body signs
			// out everywhere): a body always goes along, and it is never blank
			headers.add("Content-Type: application/json");
			body = json(endpoint);
		}
		return new FuzzRequest(endpoint.key(), kind, method, path + query, headers, body);
	}

	private String credential(Caller caller) {
		return switch (caller) {
			case USER -> "Authorization: Bearer " + this.credentials.userAccessToken().get();
			case ADMIN -> "Authorization: Bearer " + this.credentials.adminToken();
			case KRATOS -> "X-Webhook-Secret: " + this.credentials.kratosSecret();
			case ANONYMOUS -> null;
		};
	}

	/** The route with each variable filled: a plausible value, or a hostile one. */
	private String path(Endpoint endpoint, boolean hostile) {
		String path = endpoint.template();
		while (path.contains("{")) {
			int start = path.indexOf('{');
			int end = path.indexOf('}', start);
			String variable = path.substring(start + 1, end);
			String value = hostile ? pick(HostileCorpus.SEGMENTS)
					: variable.equals("provider") ? pick(new String[] { "google", "dev", "apple", "nope" })
							: "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
			path = path.substring(0, start) + value + path.substring(end + 1);
		}
		return path;
	}

	private String parameter(Endpoint endpoint) {
		if (endpoint.parameters().isEmpty() || this.random.nextInt(5) == 0) {
			return pick(new String[] { "x", "%zz", "a%00", "%c0%80", "", "token", "return_to" });
		}
		return endpoint.parameters().get(this.random.nextInt(endpoint.parameters().size()));
	}

	private String json(Endpoint endpoint) {
		if (endpoint.caller() == Caller.KRATOS && this.random.nextInt(3) > 0) {
			return pick(HostileCorpus.KRATOS_DOCUMENTS);
		}
		if (endpoint.body() == Body.NONE || endpoint.parameters().isEmpty() || this.random.nextBoolean()) {
			String document = pick(HostileCorpus.JSON_DOCUMENTS);
			return document.isBlank() ? "{\"\":" + pick(HostileCorpus.JSON_VALUES) + "}" : document;
		}
		String name = endpoint.parameters().get(this.random.nextInt(endpoint.parameters().size()));
		return "{\"" + name + "\":" + pick(HostileCorpus.JSON_VALUES) + "}";
	}

	private String mangledAuthorization() {
		String token = this.credentials.userAccessToken().get();
		return switch (this.random.nextInt(6)) {
			case 0 -> "Authorization: Bearer " + mangle(token);
			case 1 -> "Authorization: Bearer";
			case 2 -> "Authorization: Basic %%%";
			case 3 -> "Authorization: Bearer " + token.replace('.', '\u00ff');
			case 4 -> "Authorization: Bearer " + "A".repeat(6000);
			default -> "Authorization: Bearer " + token + "." + token;
		};
	}

	/**
	 * The valid token spelt another way: its signature padded, in standard base64, with a
	 * non-canonical last character, or cut short; never the token itself.
	 */
	private String mangle(String token) {
		int dot = token.lastIndexOf('.');
		String signature = token.substring(dot + 1);
		byte[] raw = Base64.getUrlDecoder().decode(signature);
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		char last = signature.charAt(signature.length() - 1);
		String other = switch (this.random.nextInt(5)) {
			case 0 -> signature + "==";
			case 1 -> standardOrPadded(raw, signature);
			case 2 -> signature.substring(0, signature.length() - 1) + alphabet.charAt(alphabet.indexOf(last) | 1);
			case 3 -> signature.substring(0, signature.length() - 2);
			default -> Base64.getEncoder().encodeToString(raw);
		};
		return token.substring(0, dot + 1) + other;
	}

	/** Standard base64 differs from base64url only where the signature has a '-' or '_'. */
	private static String standardOrPadded(byte[] raw, String signature) {
		String standard = Base64.getEncoder().withoutPadding().encodeToString(raw);
		return standard.equals(signature) ? signature + "==" : standard;
	}

	private String pick(List<String> values) {
		return values.get(this.random.nextInt(values.size()));
	}

	private String pick(String[] values) {
		return values[this.random.nextInt(values.length)];
	}
}
