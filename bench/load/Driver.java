import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load driver for what wrk cannot do: the sign-in round trip (redirects across two hosts, with
 * cookies) and revocation propagation between two instances. JDK only; run as a source file:
 *
 *   java Driver.java pool     BASE N OUT_DIR          sign in N users, write access.txt and refresh.txt
 *   java Driver.java signin   BASE CONCURRENCY SECONDS
 *   java Driver.java propagate BASE_A BASE_B ACCESS_FILE COUNT
 *   java Driver.java oidc-codes BASE ACCESS_FILE CLIENT_ID REDIRECT_URI COUNT OUT   authorization codes, with PKCE
 *   java Driver.java oidc-exchange BASE CODES_FILE CLIENT_ID SECRET REDIRECT_URI CONCURRENCY OUT   codes for tokens
 *
 * Every loop is bounded in count and time, and every address is the caller's (loopback).
 */
public class Driver {

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	public static void main(String[] args) throws Exception {
		switch (args[0]) {
			case "pool" -> pool(args[1], Integer.parseInt(args[2]), Path.of(args[3]));
			case "signin" -> signin(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
			case "propagate" -> propagate(args[1], args[2], Path.of(args[3]), Integer.parseInt(args[4]));
			case "oidc-codes" -> oidcCodes(args[1], Path.of(args[2]), args[3], args[4], Integer.parseInt(args[5]),
					Path.of(args[6]));
			case "oidc-exchange" -> oidcExchange(args[1], Path.of(args[2]), args[3], args[4], args[5],
					Integer.parseInt(args[6]), Path.of(args[7]));
			default -> throw new IllegalArgumentException(args[0]);
		}
	}

	/** One full sign-in through the development provider; returns the cookies it ended with. */
	static Map<String, String> signIn(String base, String email) throws IOException, InterruptedException {
		Map<String, String> cookies = new HashMap<>();
		String url = base + "/api/auth/dev/login?login_hint=" + URLEncoder.encode(email, StandardCharsets.UTF_8);
		for (int hop = 0; hop < 5; hop++) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
			if (url.startsWith(base) && !cookies.isEmpty()) {
				request.header("Cookie", String.join("; ", cookies.entrySet().stream().map((e) -> e.getKey() + "=" + e.getValue()).toList()));
			}
			HttpResponse<Void> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding());
			if (url.startsWith(base)) {
				for (String header : response.headers().allValues("Set-Cookie")) {
					String pair = header.split(";", 2)[0];
					int eq = pair.indexOf('=');
					cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
				}
			}
			if (response.statusCode() != 302) {
				throw new IOException("sign-in hop " + hop + " answered " + response.statusCode());
			}
			String location = response.headers().firstValue("Location").orElseThrow();
			url = URI.create(url).resolve(location).toString();
			if (url.equals(base + "/")) {
				return cookies;
			}
		}
		throw new IOException("sign-in did not come back");
	}

	static void pool(String base, int count, Path out) throws Exception {
		List<String> access = new ArrayList<>();
		List<String> refresh = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Map<String, String> cookies = signIn(base, "bench-user-" + i + "@bench.example");
			access.add(cookies.get("nexus_access"));
			refresh.add(cookies.get("nexus_refresh"));
		}
		Files.createDirectories(out);
		Files.write(out.resolve("access.txt"), access);
		Files.write(out.resolve("refresh.txt"), refresh);
		System.out.printf("signed in %d users%n", count);
	}

	static void signin(String base, int concurrency, int seconds) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		AtomicInteger errors = new AtomicInteger();
		AtomicLong counter = new AtomicLong();
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < concurrency; t++) {
			threads.add(Thread.ofVirtual().start(() -> {
				while (System.nanoTime() < deadline) {
					long start = System.nanoTime();
					try {
						signIn(base, "signin-" + (counter.incrementAndGet() % 500) + "@bench.example");
						latencies.add(System.nanoTime() - start);
					}
					catch (Exception ex) {
						errors.incrementAndGet();
					}
				}
			}));
		}
		for (Thread thread : threads) {
			thread.join();
		}
		report("signin", latencies, errors.get(), seconds);
	}

	static void propagate(String baseA, String baseB, Path accessFile, int count) throws Exception {
		List<String> tokens = Files.readAllLines(accessFile);
		ConcurrentLinkedQueue<Long> lags = new ConcurrentLinkedQueue<>();
		int errors = 0;
		for (int i = 0; i < Math.min(count, tokens.size()); i++) {
			String token = tokens.get(i);
			if (me(baseB, token) != 200) {
				errors++;
				continue;
			}
			long start = System.nanoTime();
			HttpResponse<Void> revoke = HTTP.send(HttpRequest.newBuilder(URI.create(baseA + "/api/auth/revoke"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("token=" + token))
				.build(), HttpResponse.BodyHandlers.discarding());
			if (revoke.statusCode() != 200) {
				errors++;
				continue;
			}
			long deadline = start + Duration.ofSeconds(5).toNanos();
			while (me(baseB, token) != 401 && System.nanoTime() < deadline) {
				Thread.onSpinWait();
			}
			long lag = System.nanoTime() - start;
			if (lag > Duration.ofSeconds(5).toNanos()) {
				errors++;
			}
			else {
				lags.add(lag);
			}
		}
		List<Long> sorted = new ArrayList<>(lags);
		Collections.sort(sorted);
		System.out.printf(Locale.ROOT, "RESULT propagation n=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f errors=%d%n",
				sorted.size(), pct(sorted, 50), pct(sorted, 99), sorted.isEmpty() ? 0 : sorted.getLast() / 1e6, errors);
	}

	/**
	 * The authorization step of the OpenID Provider's code flow, for signed-in users of the pool (the
	 * access cookie is their Nexus session): each line of OUT is "code verifier". A first-party client
	 * has no consent step, so the answer is the redirect with the code.
	 */
	static void oidcCodes(String base, Path accessFile, String clientId, String redirectUri, int count, Path out)
			throws Exception {
		List<String> sessions = Files.readAllLines(accessFile);
		List<String> lines = new ArrayList<>();
		java.security.SecureRandom random = new java.security.SecureRandom();
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		int errors = 0;
		long began = System.nanoTime();
		for (int i = 0; i < count; i++) {
			byte[] bytes = new byte[32];
			random.nextBytes(bytes);
			String verifier = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
			String challenge = java.util.Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(java.security.MessageDigest.getInstance("SHA-256")
					.digest(verifier.getBytes(StandardCharsets.US_ASCII)));
			String url = base + "/oauth2/authorize?response_type=code&scope=openid&state=s" + i + "&client_id="
					+ enc(clientId) + "&redirect_uri=" + enc(redirectUri) + "&code_challenge=" + challenge
					+ "&code_challenge_method=S256";
			long start = System.nanoTime();
			HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
				.header("Cookie", "nexus_access=" + sessions.get(i % sessions.size()))
				.build(), HttpResponse.BodyHandlers.discarding());
			String location = response.headers().firstValue("Location").orElse("");
			java.util.regex.Matcher code = java.util.regex.Pattern.compile("[?&]code=([^&]+)").matcher(location);
			if (response.statusCode() != 302 || !location.startsWith(redirectUri) || !code.find()) {
				errors++;
				continue;
			}
			latencies.add(System.nanoTime() - start);
			lines.add(code.group(1) + " " + verifier);
		}
		Files.write(out, lines);
		report("oidc-authorize", latencies, errors, Math.max(1, (int) ((System.nanoTime() - began) / 1_000_000_000L)));
	}

	/** The token endpoint's code exchange (client_secret_basic, PKCE), CONCURRENCY at once; OUT gets the refresh tokens. */
	static void oidcExchange(String base, Path codesFile, String clientId, String secret, String redirectUri,
			int concurrency, Path out) throws Exception {
		ConcurrentLinkedQueue<String> codes = new ConcurrentLinkedQueue<>(Files.readAllLines(codesFile));
		ConcurrentLinkedQueue<String> refreshTokens = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		AtomicInteger errors = new AtomicInteger();
		String basic = "Basic " + java.util.Base64.getEncoder()
			.encodeToString((enc(clientId) + ":" + enc(secret)).getBytes(StandardCharsets.UTF_8));
		java.util.regex.Pattern refresh = java.util.regex.Pattern.compile("\"refresh_token\"\\s*:\\s*\"([^\"]+)\"");
		long began = System.nanoTime();
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < concurrency; t++) {
			threads.add(Thread.ofVirtual().start(() -> {
				String line;
				while ((line = codes.poll()) != null) {
					String[] parts = line.split(" ");
					long start = System.nanoTime();
					try {
						HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
							.header("Authorization", basic)
							.header("Content-Type", "application/x-www-form-urlencoded")
							.POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + parts[0]
									+ "&code_verifier=" + parts[1] + "&redirect_uri=" + enc(redirectUri)))
							.build(), HttpResponse.BodyHandlers.ofString());
						java.util.regex.Matcher token = refresh.matcher(response.body());
						if (response.statusCode() != 200 || !token.find()) {
							errors.incrementAndGet();
							continue;
						}
						latencies.add(System.nanoTime() - start);
						refreshTokens.add(token.group(1));
					}
					catch (Exception ex) {
						errors.incrementAndGet();
					}
				}
			}));
		}
		for (Thread thread : threads) {
			thread.join();
		}
		Files.write(out, List.copyOf(refreshTokens));
		report("oidc-exchange", latencies, errors.get(),
				Math.max(1, (int) ((System.nanoTime() - began) / 1_000_000_000L)));
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static int me(String base, String token) throws IOException, InterruptedException {
		return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/me")).header("Authorization", "Bearer " + token).build(),
				HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private static void report(String name, ConcurrentLinkedQueue<Long> latencies, int errors, int seconds) {
		List<Long> sorted = new ArrayList<>(latencies);
		Collections.sort(sorted);
		System.out.printf(Locale.ROOT, "RESULT %s n=%d rps=%.1f p50_ms=%.1f p99_ms=%.1f errors=%d%n", name, sorted.size(),
				sorted.size() / (double) seconds, pct(sorted, 50), pct(sorted, 99), errors);
	}

	private static double pct(List<Long> sorted, int p) {
		if (sorted.isEmpty()) {
			return 0;
		}
		int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, index)) / 1e6;
	}
}
