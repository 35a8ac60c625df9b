package nexus.iam.web.fuzz;

import java.util.List;

/**
 * What an attacker types, as it goes on the wire. Strings are sent as ISO-8859-1, one byte per
 * character, so {@code "\u00ff"} is the byte 0xFF (invalid UTF-8) and {@code "\u00c3\u00a9"} is a
 * real UTF-8 "é".
 */
final class HostileCorpus {

	/** Query and form values, already in their percent-encoded wire form. */
	static final List<String> WIRE_VALUES = List.of("%zz", "%", "%%%", "%ff%fe", "%c0%80", "%ed%a0%80", "%f4%90%80%80",
			"%e2%82", "%00", "a%00b", "a@b.c%00", "%01", "%0d%0a", "%0a", "%09", "%7f", "%c2%85", "%e2%80%ae", "%ef%bf%bf",
			"%3Cscript%3Ealert(1)%3C%2Fscript%3E", "'%20OR%201%3D1--", "..%2F..%2Fetc%2Fpasswd",
			"https%3A%2F%2Fevil.example", "%2F%2Fevil.example", "%5C%5Cevil.example", "javascript:alert(1)",
			"%F0%9F%92%A9", "A".repeat(5000), "%41".repeat(1500), "1e309", "-1", "99999999999999999999", "NaN", "true",
			"%5B%5D", "%7B%7D", "null", "", "+", "%2B", "%20", "=", "%u0041", "\u00c3\u00a9", "\u00ff", "\u00e9", "a@b",
			"x%40y.z", "a%40b.c%0d%0aBcc:%20x%40y.z", "%22%3E%3Cimg%20src%3Dx%3E", "${jndi:ldap://x/a}",
			"%24%7Bjndi%3Aldap%3A%2F%2Fx%2Fa%7D", "0x7fffffff", "1.5", " 1", "%E2%80%8B", "%EF%BB%BF");

	/** Path segments for route variables. */
	static final List<String> SEGMENTS = List.of("00000000-0000-0000-0000-000000000000",
			"3f2504e0-4f89-11d3-9a0c-0305e82c3301", "%zz", "%00", "..", "%2e%2e", "%2F", "%5C", ";x=1", "a%20b",
			"A".repeat(300), "%c0%80", "%3Cx%3E", "1", "-1", "%ff", "x.json", "%25", "~", "\u00c3\u00a9", "google", "dev",
			"apple", "unknown", ".", "%0d%0a", "3F2504E0-4F89-11D3-9A0C-0305E82C3301", "{}", "null");

	/** Whole JSON documents, valid or not, none of which is a request any route would carry out. */
	static final List<String> JSON_DOCUMENTS = List.of("null", "[]", "\"x\"", "1", "true", "", " ", "{", "{\"a\":",
			"{\"a\":1}}", "{\"x\":1}{\"y\":2}", "[".repeat(5000), "{\"a\":".repeat(2000), "\u00ff\u00fe{}", "{\"\u00ff\":1}",
			"{'a':1}", "{\"a\":NaN}", "{\"a\":1e999999}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\u0000\"}", "{\"a\" 1}",
			"{\"a\":01}", "\"" + "A".repeat(20000) + "\"", "{\"a\":[" + "1,".repeat(3000) + "1]}", "/* c */ {}",
			"{\"a\":1,\"a\":2}", "\u00ef\u00bb\u00bf{\"a\":1}");

	/** JSON member values that are wrong for every documented member (never a boolean or null). */
	static final List<String> JSON_VALUES = List.of("1", "-1", "1e309", "1.5", "[]", "{}", "[[[[[[[[]]]]]]]]",
			"\"\\u0000\"", "\"\\ud800\"", "\"a@b.c\\u0000\"", "\"" + "A".repeat(3000) + "\"", "{\"a\":{\"b\":[]}}",
			"\"\\u202e\"", "\"%zz\"", "\"<script>\"", "\"../../x\"", "\"\"", "\" \"", "[\"\\u0000\"]", "99999999999999999999");

	/** Kratos web-hook documents that each hold one member Kratos never sends like that. */
	static final List<String> KRATOS_DOCUMENTS = List.of(
			kratos("\"6f8a6d5e-1b1c-4c0e-9d5e-1a2b3c4d5e6f\"", "{\"email\":\"a@b.c\\u0000\"}", ""),
			kratos("\"6f8a6d5e-1b1c-4c0e-9d5e-1a2b3c4d5e6f\"", "{\"email\":\"not an address\"}", ""),
			kratos("\"6f8a6d5e-1b1c-4c0e-9d5e-1a2b3c4d5e6f\"", "{\"email\":\"" + "a".repeat(300) + "@b.cd\"}", ""),
			kratos("\"6f8a6d5e-1b1c-4c0e-9d5e-1a2b3c4d5e6f\"", "{\"email\":\"x@y.zz\",\"name\":\"x\\u0000y\"}", ""),
			kratos("\"6f8a6d5e-1b1c-4c0e-9d5e-1a2b3c4d5e6f\"", "{\"name\":\"\\u202eevil\"}", ""),
			kratos("\"6f8a6d5e-1b1c-4c0e-9d5e-1a2b3c4d5e6f\"", "{\"name\":\"" + "n".repeat(300) + "\"}", ""),
			kratos("\"6f8a6d5e-1b1c-4c0e-9d5e-1a2b3c4d5e6f\"", "{\"name\":{\"first\":1}}", ""),
			kratos("\"6f8a6d5e-1b1c-4c0e-9d5e-1a2b3c4d5e6f\"", "{\"email\":[\"x@y.zz\"]}", ""),
			kratos("\"6f8a6d5e-1b1c-4c0e-9d5e-1a2b3c4d5e6f\"", "[]", ""),
			kratos("\"6f8a6d5e-1b1c-4c0e-9d5e-1a2b3c4d5e6f\"", "{}", ",\"verifiable_addresses\":\"x@y.zz\""),
			kratos("\"6f8a6d5e-1b1c-4c0e-9d5e-1a2b3c4d5e6f\"", "{}", ",\"verifiable_addresses\":[\"x@y.zz\"]"),
			kratos("\"6f8a6d5e-1b1c-4c0e-9d5e-1a2b3c4d5e6f\"", "{}", ",\"recovery_addresses\":{\"value\":1}"),
			kratos("\"6f8a6d5e-1b1c-4c0e-9d5e-1a2b3c4d5e6f\"", "{}",
					",\"verifiable_addresses\":[{\"value\":\"x@y.zz\",\"verified\":\"yes\"}]"),
			kratos("\"not-a-uuid\"", "{}", ""), kratos("1", "{}", ""), kratos("\"\\u0000\"", "{}", ""),
			kratos("\"00000000-0000-0000-0000-000000000000\"", "{}", ""), "{\"identity\":[]}", "{\"identity\":null}",
			"{\"identity\":{\"id\":\"6f8a6d5e-1b1c-4c0e-9d5e-1a2b3c4d5e6f\",\"traits\":{}},\"method\":\"Pass word\"}",
			"{\"identity\":{\"id\":\"6f8a6d5e-1b1c-4c0e-9d5e-1a2b3c4d5e6f\",\"traits\":{}},\"method\":1}");

	static final List<String> CONTENT_TYPES = List.of("", ";;;", "application/json; charset=utf-16",
			"application/x-www-form-urlencoded; charset=bogus", "application/x-www-form-urlencoded; charset=iso-8859-1",
			"multipart/form-data", "multipart/form-data; boundary=x", "text/plain", "application/json;;", "*/*",
			"application/problem+json", "application/xml", "application/json; charset=\"\u00ff\"", "x/y/z",
			"application/x-www-form-urlencoded, application/json");

	/** Accept headers of API clients: never text/html, which asks for the HTML error page. */
	static final List<String> ACCEPTS = List.of("*/*", ";;;", "application/xml", "text/plain",
			"application/json;q=abc", "application/json;q=0", "image/png", "a".repeat(4000), "*/*;q=0.1, \u00ff");

	static final List<String> NOISE_HEADERS = List.of("X-Forwarded-For: %00, ::ffff:1.2.3.4, 999.1.1.1",
			"X-Forwarded-For: " + "1.1.1.1, ".repeat(200) + "1.1.1.1", "X-Forwarded-Proto: javascript",
			"X-Forwarded-Host: evil.example\u00ff", "Forwarded: for=\"[::1\"", "Origin: null",
			"Origin: https://evil.example", "Origin: \u00ff", "X-CSRF-Token: %zz", "X-CSRF-Token: " + "a".repeat(4000),
			"Range: bytes=junk", "If-None-Match: \"\u00ff", "If-Modified-Since: yesterday", "Content-Encoding: gzip",
			"Expect: 100-continue", "Expect: junk", "User-Agent: " + "Mozilla/5.0 ".repeat(300),
			"User-Agent: \u00c3\u00a9\u00ff", "Accept-Language: \u00ff;q=x", "Accept-Language: " + "de,".repeat(500),
			"CF-IPCountry: \u00ff\u00ff", "CF-Connecting-IP: not-an-ip", "X-Request-ID: " + "r".repeat(3000),
			"X-Request-ID: a\u00ffb", "X-Auth-Request-Email: a@b.c", "Remote-User: admin", "Transfer-Encoding: gzip",
			"Cookie: " + "c=v; ".repeat(150), "Cookie: nexus_access=\"%zz\"; nexus_refresh=\u00ff",
			"Cookie: =;=;==", "Cookie: nexus_refresh=" + "r".repeat(4000), "Cookie: nexus_login=junk.junk.junk.junk.junk",
			"Cookie: nexus_pending_link=%zz");

	private HostileCorpus() {
	}

	private static String kratos(String id, String traits, String extra) {
		return "{\"identity\":{\"id\":" + id + ",\"traits\":" + traits + extra + "},\"method\":\"password\"}";
	}
}
