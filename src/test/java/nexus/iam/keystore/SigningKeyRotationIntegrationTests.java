package nexus.iam.keystore;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import nexus.iam.testsupport.Browser;
import nexus.iam.testsupport.IntegrationTest;
import nexus.iam.testsupport.Node;
import nexus.iam.testsupport.SignInFlow;
import nexus.iam.testsupport.Sql;
import nexus.iam.testsupport.TestDatabase;
import nexus.iam.testsupport.TokenClient;
import nexus.iam.testsupport.TokenClient.Tokens;
import nexus.iam.token.SigningKeys;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Signing-key rotation end to end: nodes with the database key store beside the shared
 * application (which keeps the configured key set), over HTTP, moved through activation by the
 * tests' clock. Each test starts from an empty {@code signing_keys} table, so each first node
 * imports the data folder's key set, the one the shared application signs with.
 */
class SigningKeyRotationIntegrationTests extends IntegrationTest {

	private static final Duration ACTIVATION_DELAY = Duration.ofMinutes(10);

	private static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(15);

	@BeforeEach
	void emptyKeyStore() throws SQLException {
		try (Connection db = TestDatabase.connect(); Statement sql = db.createStatement()) {
			sql.execute("DELETE FROM signing_keys");
			sql.execute("DELETE FROM audit_events WHERE type = 'signing_keys_re_encrypted'");
		}
	}

	@Test
	void rotateThenOldTokensStillVerifyNewOnesCarryTheNewKidAndRetiringRejectsTheOldKeysTokens() throws Exception {
		String imported = dataFolderKey().getKeyID();
		try (Node node = Node.start(databaseStore(), this.clock)) {
			Session session = new Session();
			String before = session.refresh(node);
			assertThat(kid(before)).isEqualTo(imported);
			JsonNode listing = json(admin(node, "GET", "/api/admin/signing-keys"));
			assertThat(listing.get("store").asString()).isEqualTo("database");
			assertThat(listing.at("/keys/0/kid").asString()).isEqualTo(imported);
			assertThat(listing.at("/keys/0/status").asString()).isEqualTo("active");
			assertThat(listing.at("/keys/0/origin").asString()).isEqualTo("imported");
			assertThat(Instant.parse(listing.at("/keys/0/activates_at").asString())).as("never active before it existed")
				.isAfterOrEqualTo(Instant.parse(listing.at("/keys/0/created_at").asString()));

			HttpResponse<String> rotated = admin(node, "POST", "/api/admin/signing-keys/rotate");

			assertThat(rotated.statusCode()).isEqualTo(201);
			String next = json(rotated).get("kid").asString();
			assertThat(json(rotated).get("status").asString()).isEqualTo("next");
			assertThat(Instant.parse(json(rotated).get("activates_at").asString()))
				.isEqualTo(Instant.parse(json(rotated).get("created_at").asString()).plus(ACTIVATION_DELAY));
			assertProblem(admin(node, "POST", "/api/admin/signing-keys/rotate"), 409, "signing_key_rotation_pending");
			assertThat(jwksKids(node)).containsExactlyInAnyOrder(imported, next);
			assertThat(kid(session.refresh(node))).as("not active before its activation").isEqualTo(imported);

			this.clock.advance(ACTIVATION_DELAY.plusSeconds(1));

			String after = session.refresh(node);
			assertThat(kid(after)).isEqualTo(next);
			assertThat(TokenClient.me(node.url(""), before).statusCode()).as("the old key's token").isEqualTo(200);
			assertThat(statuses(node)).containsExactly(imported + "=previous", next + "=active");
			JsonNode health = json(new Browser().get(node.managementUrl("/health")));
			assertThat(health.at("/components/signingKeys/details/active").asString()).isEqualTo(next);
			assertThat(health.at("/components/signingKeys/details/last_reload_failed").asBoolean()).isFalse();
			assertProblem(admin(node, "POST", "/api/admin/signing-keys/" + next + "/retire"), 409, "signing_key_active");
			assertProblem(admin(node, "POST", "/api/admin/signing-keys/" + imported + "/retire"), 409,
					"signing_key_in_use");
			assertProblem(admin(node, "POST", "/api/admin/signing-keys/unknown-kid/retire"), 404,
					"signing_key_not_found");

			HttpResponse<String> retired = admin(node, "POST", "/api/admin/signing-keys/" + imported + "/retire?force=true");

			assertThat(retired.statusCode()).isEqualTo(200);
			assertThat(json(retired).get("status").asString()).isEqualTo("retired");
			assertProblem(TokenClient.me(node.url(""), before), 401, "invalid_token");
			assertThat(TokenClient.me(node.url(""), after).statusCode()).isEqualTo(200);
			assertThat(jwksKids(node)).containsExactly(next);
			try (Connection db = TestDatabase.connect()) {
				assertThat(Sql.count(db, "SELECT count(*) FROM audit_events WHERE type = 'signing_key_created'"
						+ " AND details->>'kid' = ?", next)).isEqualTo(1);
				assertThat(Sql.count(db, "SELECT count(*) FROM audit_events WHERE type = 'signing_key_retired'"
						+ " AND details->>'kid' = ? AND details->>'forced' = 'true'", imported)).isEqualTo(1);
			}
		}
	}

	@Test
	void rotateThroughOneNodeThenTheOtherSignsWithTheNewKeyWithoutRestart() throws Exception {
		String imported = dataFolderKey().getKeyID();
		try (Node first = Node.start(databaseStore(), this.clock);
				Node second = Node.start(databaseStore(), this.clock)) {
			Session session = new Session();
			String old = session.refresh(second);
			assertThat(kid(old)).isEqualTo(imported);

			String next = json(admin(first, "POST", "/api/admin/signing-keys/rotate")).get("kid").asString();
			awaitTrue(() -> jwksKids(second).contains(next));
			this.clock.advance(ACTIVATION_DELAY.plusSeconds(1));

			String fromSecond = session.refresh(second);
			String fromFirst = session.refresh(first);
			assertThat(kid(fromSecond)).isEqualTo(next);
			assertThat(kid(fromFirst)).isEqualTo(next);
			assertThat(TokenClient.me(second.url(""), fromFirst).statusCode()).isEqualTo(200);
			assertThat(TokenClient.me(first.url(""), fromSecond).statusCode()).isEqualTo(200);
			assertThat(TokenClient.me(first.url(""), old).statusCode()).isEqualTo(200);
			assertThat(TokenClient.me(second.url(""), old).statusCode()).isEqualTo(200);

			// once the old key's last tokens expired it can go without force, from either node
			this.clock.advance(ACCESS_TOKEN_LIFETIME.plusSeconds(31));
			HttpResponse<String> retired = admin(second, "POST", "/api/admin/signing-keys/" + imported + "/retire");

			assertThat(retired.statusCode()).isEqualTo(200);
			awaitTrue(() -> !jwksKids(first).contains(imported));
			assertThat(jwksKids(first)).containsExactly(next);
			assertThat(TokenClient.me(first.url(""), session.refresh(first)).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void privateKeysAreEncryptedAtRestAndErasedWhenRetired() throws Exception {
		ECKey imported = dataFolderKey();
		KeyEncryption encryption = KeyEncryption.of(Files.readString(dataDir().resolve("key-encryption.key")));
		try (Node node = Node.start(databaseStore(), this.clock)) {
			String next = json(admin(node, "POST", "/api/admin/signing-keys/rotate")).get("kid").asString();

			List<Row> rows = rows();
			assertThat(rows).extracting(Row::kid).containsExactlyInAnyOrder(imported.getKeyID(), next);
			for (Row row : rows) {
				String stored = new String(row.privateKey(), StandardCharsets.ISO_8859_1);
				ECKey decrypted = ECKey.parse(new String(encryption.decrypt(row.kid(), row.privateKey()),
						StandardCharsets.UTF_8));
				assertThat(decrypted.isPrivate()).isTrue();
				assertThat(decrypted.getKeyID()).isEqualTo(row.kid());
				assertThat(stored).doesNotContain(decrypted.getD().toString(), "\"d\"", "kty", "P-256");
				assertThat(row.publicJwk()).doesNotContain(decrypted.getD().toString(), "\"d\"");
				assertThat(JWK.parse(row.publicJwk()).isPrivate()).isFalse();
			}
			assertThat(rows.stream().filter((row) -> row.kid().equals(imported.getKeyID())).findFirst().orElseThrow())
				.satisfies((row) -> assertThat(ECKey.parse(new String(encryption.decrypt(row.kid(), row.privateKey()),
						StandardCharsets.UTF_8)).getD()).isEqualTo(imported.getD()));

			// calling the rotation off: a next key can always go, and its private key goes with it
			assertThat(admin(node, "POST", "/api/admin/signing-keys/" + next + "/retire").statusCode()).isEqualTo(200);

			assertThat(rows()).filteredOn((row) -> row.kid().equals(next)).singleElement()
				.satisfies((row) -> assertThat(row.privateKey()).isNull());
			assertThat(admin(node, "POST", "/api/admin/signing-keys/rotate").statusCode()).isEqualTo(201);
		}
	}

	@Test
	void startWhenKeyEncryptionKeyIsWrongThenRefusesNamingTheSetting() {
		try (Node node = Node.start(databaseStore(), this.clock)) {
			assertThat(jwksKids(node)).hasSize(1);
		}
		Map<String, String> wrong = databaseStore();
		wrong.put("nexus.token.key-encryption-key", KeyEncryptionTests.randomKey());

		assertThatException().isThrownBy(() -> Node.start(wrong, this.clock).close())
			.satisfies((ex) -> assertThat(messages(ex)).contains("Cannot load the signing keys from PostgreSQL",
					"NEXUS_TOKEN_KEY_ENCRYPTION_KEY", dataFolderKey().getKeyID(),
					"NEXUS_TOKEN_PREVIOUS_KEY_ENCRYPTION_KEYS holds none"));

		// an earlier key that is not the one the row was encrypted under does not help either
		String unrelated = KeyEncryptionTests.randomKey();
		wrong.put("nexus.token.previous-key-encryption-keys", unrelated);
		assertThatException().isThrownBy(() -> Node.start(wrong, this.clock).close())
			.satisfies((ex) -> assertThat(messages(ex)).contains("Cannot load the signing keys from PostgreSQL",
					dataFolderKey().getKeyID(), "NEXUS_TOKEN_PREVIOUS_KEY_ENCRYPTION_KEYS holds "
							+ KeyEncryption.of(unrelated).id())
				.doesNotContain(unrelated));
	}

	@Test
	void changeKeyEncryptionKeyThenEveryPrivateKeyIsReEncryptedTokensStillVerifyAndTheOldKeyCanGo() throws Exception {
		String imported = dataFolderKey().getKeyID();
		String oldKek = dataFolderKek();
		String newKek = KeyEncryptionTests.randomKey();
		Session session = new Session();
		String before;
		String next;
		try (Node node = Node.start(databaseStore(), this.clock)) {
			before = session.refresh(node);
			next = json(admin(node, "POST", "/api/admin/signing-keys/rotate")).get("kid").asString();
		}
		List<Row> was = rows();
		assertThat(was).extracting(Row::kekId).containsOnly(KeyEncryption.of(oldKek).id());

		Map<String, String> changing = databaseStore();
		changing.put("nexus.token.key-encryption-key", newKek);
		changing.put("nexus.token.previous-key-encryption-keys", " " + KeyEncryptionTests.randomKey() + ", " + oldKek + ",");
		try (Node node = Node.start(changing, this.clock)) {
			List<Row> now = rows();
			assertThat(now).extracting(Row::kekId).containsOnly(KeyEncryption.of(newKek).id());
			assertThat(now).extracting(Row::kid).containsExactlyInAnyOrder(imported, next);
			for (Row row : now) {
				Row old = was.stream().filter((w) -> w.kid().equals(row.kid())).findFirst().orElseThrow();
				assertThat(row.publicJwk()).isEqualTo(old.publicJwk());
				assertThat(row.privateKey()).isNotEqualTo(old.privateKey());
				assertThat(decrypt(newKek, row).getD()).isEqualTo(decrypt(oldKek, old).getD());
			}
			assertThat(TokenClient.me(node.url(""), before).statusCode()).as("signed before").isEqualTo(200);
			String after = session.refresh(node);
			assertThat(kid(after)).isEqualTo(imported);
			assertThat(TokenClient.me(node.url(""), after).statusCode()).isEqualTo(200);
			try (Connection db = TestDatabase.connect()) {
				assertThat(Sql.count(db, "SELECT count(*) FROM audit_events WHERE type = 'signing_keys_re_encrypted'"
						+ " AND details->>'trigger' = 'start-up' AND details->>'kek_id' = ?"
						+ " AND details->'kids' @> to_jsonb(ARRAY[?, ?]) AND details->'from_kek_ids' = to_jsonb(ARRAY[?])",
						KeyEncryption.of(newKek).id(), imported, next, KeyEncryption.of(oldKek).id())).isEqualTo(1);
				assertThat(Sql.count(db, "SELECT count(*) FROM audit_events WHERE type = 'signing_keys_re_encrypted'"
						+ " AND (details::text LIKE ? OR details::text LIKE ?)", "%" + oldKek + "%", "%" + newKek + "%"))
					.as("no key material in the audit trail").isZero();
			}

			HttpResponse<String> again = admin(node, "POST", "/api/admin/signing-keys/re-encrypt");

			assertThat(again.statusCode()).isEqualTo(200);
			assertThat(json(again).get("re_encrypted").asInt()).isZero();
			assertThat(json(again).get("remaining").asInt()).isZero();
			assertThat(json(again).get("kek_id").asString()).isEqualTo(KeyEncryption.of(newKek).id());
			assertThat(again.body()).doesNotContain(newKek, oldKek);
		}

		// every row under the new key: the old one can go
		Map<String, String> changed = databaseStore();
		changed.put("nexus.token.key-encryption-key", newKek);
		try (Node node = Node.start(changed, this.clock)) {
			assertThat(jwksKids(node)).containsExactlyInAnyOrder(imported, next);
			assertThat(TokenClient.me(node.url(""), before).statusCode()).isEqualTo(200);
			assertThat(TokenClient.me(node.url(""), session.refresh(node)).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void reEncryptThroughTheApiOrAtTheNextReloadWhenAKeyIsAddedUnderThePreviousKeyEncryptionKey() throws Exception {
		String oldKek = dataFolderKek();
		String newKek = KeyEncryptionTests.randomKey();
		try (Node node = Node.start(databaseStore(), this.clock)) {
			assertThat(jwksKids(node)).hasSize(1);
		}
		Map<String, String> changing = databaseStore();
		changing.put("nexus.token.key-encryption-key", newKek);
		changing.put("nexus.token.previous-key-encryption-keys", oldKek);
		// no reload during the test's first part: the API does it
		changing.put("nexus.token.key-reload-interval", "1m");
		try (Node node = Node.start(changing, this.clock)) {
			Thread.sleep(500);
			// a node still on the old key rotated meanwhile
			String added = insertUnder(node, oldKek);

			HttpResponse<String> response = admin(node, "POST", "/api/admin/signing-keys/re-encrypt");

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(json(response).get("re_encrypted").asInt()).isEqualTo(1);
			assertThat(json(response).get("remaining").asInt()).isZero();
			assertThat(rows()).extracting(Row::kekId).containsOnly(KeyEncryption.of(newKek).id());
			try (Connection db = TestDatabase.connect()) {
				assertThat(Sql.count(db, "SELECT count(*) FROM audit_events WHERE type = 'signing_keys_re_encrypted'"
						+ " AND details->>'trigger' = 'api' AND details->'kids' = to_jsonb(ARRAY[?])", added))
					.isEqualTo(1);
			}

			// one under a key this node does not know is left, and counted
			insertUnder(node, KeyEncryptionTests.randomKey());
			assertThat(json(admin(node, "POST", "/api/admin/signing-keys/re-encrypt")).get("remaining").asInt())
				.isEqualTo(1);
		}
		try (Connection db = TestDatabase.connect(); Statement sql = db.createStatement()) {
			sql.execute("DELETE FROM signing_keys WHERE kek_id <> '" + KeyEncryption.of(newKek).id() + "'");
		}
		changing.put("nexus.token.key-reload-interval", "200ms");
		try (Node node = Node.start(changing, this.clock)) {
			String added = insertUnder(node, oldKek);
			awaitTrue(() -> rows().stream().allMatch((row) -> KeyEncryption.of(newKek).id().equals(row.kekId())));
			awaitTrue(() -> jwksKids(node).contains(added));
		}
	}

	@Test
	void reEncryptByTwoNodesAtOnceLeavesEveryPrivateKeyDecryptableAndChangesEachRowOnce() throws Exception {
		String oldKek = dataFolderKek();
		String newKek = KeyEncryptionTests.randomKey();
		try (Node node = Node.start(databaseStore(), this.clock)) {
			admin(node, "POST", "/api/admin/signing-keys/rotate");
		}
		Map<String, String> changing = databaseStore();
		changing.put("nexus.token.key-encryption-key", newKek);
		changing.put("nexus.token.previous-key-encryption-keys", oldKek);

		CompletableFuture<Node> first = CompletableFuture.supplyAsync(() -> Node.start(changing, this.clock));
		CompletableFuture<Node> second = CompletableFuture.supplyAsync(() -> Node.start(changing, this.clock));
		try (Node one = first.join(); Node two = second.join()) {
			List<Row> rows = rows();
			assertThat(rows).hasSize(2).extracting(Row::kekId).containsOnly(KeyEncryption.of(newKek).id());
			for (Row row : rows) {
				assertThat(decrypt(newKek, row).getKeyID()).isEqualTo(row.kid());
			}
			try (Connection db = TestDatabase.connect()) {
				assertThat(Sql.count(db, "SELECT count(*) FROM audit_events, jsonb_array_elements_text(details->'kids')"
						+ " WHERE type = 'signing_keys_re_encrypted'")).as("each row re-encrypted once").isEqualTo(2);
			}

			// a node that read a row before the other re-encrypted (or retired) it changes nothing
			SigningKeyRepository repository = one.bean(SigningKeyRepository.class);
			Row row = rows.getFirst();
			assertThat(repository.reEncrypt(row.kid(), KeyEncryption.of(oldKek).id(), new byte[] { 1, 2, 3 },
					KeyEncryption.of(newKek).id())).isFalse();
			assertThat(decrypt(newKek, rows().stream().filter((r) -> r.kid().equals(row.kid())).findFirst().orElseThrow())
				.getKeyID()).isEqualTo(row.kid());
		}
	}

	@Test
	void startWhenAPreviousKeyEncryptionKeyIsMalformedThenRefusesNamingTheSetting() {
		Map<String, String> settings = databaseStore();
		settings.put("nexus.token.previous-key-encryption-keys", "not base64 at all!");
		assertThatException().isThrownBy(() -> Node.start(settings, this.clock).close())
			.satisfies((ex) -> assertThat(messages(ex))
				.contains("NEXUS_TOKEN_PREVIOUS_KEY_ENCRYPTION_KEYS (key 1 of 1) is not base64"));

		String sixteen = java.util.Base64.getEncoder().encodeToString(new java.security.SecureRandom().generateSeed(16));
		settings.put("nexus.token.previous-key-encryption-keys", KeyEncryptionTests.randomKey() + "," + sixteen);
		assertThatException().isThrownBy(() -> Node.start(settings, this.clock).close())
			.satisfies((ex) -> assertThat(messages(ex))
				.contains("NEXUS_TOKEN_PREVIOUS_KEY_ENCRYPTION_KEYS (key 2 of 2) must be 32 random bytes", "16 bytes")
				.doesNotContain(sixteen));
	}

	@Test
	void configuredKeyStoreListsItsKeysAndRefusesToRotate() throws Exception {
		JsonNode listing = json(admin(null, "GET", "/api/admin/signing-keys"));
		assertThat(listing.get("store").asString()).isEqualTo("configuration");
		assertThat(listing.at("/keys/0/kid").asString()).isEqualTo(dataFolderKey().getKeyID());
		assertThat(listing.at("/keys/0/status").asString()).isEqualTo("active");

		assertProblem(admin(null, "POST", "/api/admin/signing-keys/rotate"), 409, "signing_keys_configured");
		assertThat(new Browser().get(url("/api/admin/signing-keys")).statusCode()).as("without the service token")
			.isEqualTo(401);
	}

	private static Map<String, String> databaseStore() {
		Map<String, String> settings = nodeSettings();
		settings.put("nexus.token.key-store", "database");
		settings.put("nexus.token.key-reload-interval", "200ms");
		settings.put("nexus.admin.token", ADMIN_TOKEN);
		return settings;
	}

	/** A session signed in on the shared application, refreshed on whichever node a test names. */
	private final class Session {

		private String refreshToken;

		Session() {
			Browser browser = new Browser();
			assertThat(new SignInFlow(browser, baseUrl()).signIn("google-" + UUID.randomUUID(), "keys@example.com")
				.statusCode()).isEqualTo(302);
			this.refreshToken = Tokens.of(browser).refresh();
		}

		/** A new access token from that node. */
		String refresh(Node node) {
			HttpResponse<String> response = new TokenClient(node.url("")).refresh(this.refreshToken);
			assertThat(response.statusCode()).isEqualTo(200);
			Tokens tokens = Tokens.of(response);
			this.refreshToken = tokens.refresh();
			return tokens.access();
		}
	}

	private static HttpResponse<String> admin(Node node, String method, String path) {
		String target = (node != null) ? node.url(path) : url(path);
		return new Browser().send(target, (r) -> r.header("Authorization", "Bearer " + ADMIN_TOKEN)
			.method(method, HttpRequest.BodyPublishers.noBody()));
	}

	private static List<String> statuses(Node node) {
		List<String> statuses = new ArrayList<>();
		json(admin(node, "GET", "/api/admin/signing-keys")).get("keys")
			.forEach((key) -> statuses.add(key.get("kid").asString() + "=" + key.get("status").asString()));
		return statuses;
	}

	private static List<String> jwksKids(Node node) {
		try {
			return JWKSet.parse(new Browser().get(node.url("/.well-known/jwks.json")).body())
				.getKeys()
				.stream()
				.map(JWK::getKeyID)
				.toList();
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ECKey dataFolderKey() {
		try {
			return (ECKey) JWKSet.load(dataDir().resolve("signing-keys.json").toFile()).getKeys().getFirst();
		}
		catch (IOException | java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String kid(String jwt) throws java.text.ParseException {
		return SignedJWT.parse(jwt).getHeader().getKeyID();
	}

	private static JsonNode json(HttpResponse<String> response) {
		return TokenClient.json(response);
	}

	private static void assertProblem(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(json(response).get("code").asString()).isEqualTo(code);
	}

	private record Row(String kid, String publicJwk, byte[] privateKey, String kekId) {
	}

	private static List<Row> rows() {
		List<Row> rows = new ArrayList<>();
		try (Connection db = TestDatabase.connect();
				PreparedStatement query = db
					.prepareStatement("SELECT kid, public_jwk::text, private_key, kek_id FROM signing_keys");
				ResultSet rs = query.executeQuery()) {
			while (rs.next()) {
				rows.add(new Row(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getString(4)));
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return rows;
	}

	/** The data folder's key-encryption key: the one the nodes use unless a test sets another. */
	private static String dataFolderKek() throws IOException {
		return Files.readString(dataDir().resolve("key-encryption.key"));
	}

	private static ECKey decrypt(String kek, Row row) throws java.text.ParseException {
		return ECKey.parse(new String(KeyEncryption.of(kek).decrypt(row.kid(), row.privateKey()), StandardCharsets.UTF_8));
	}

	/** A new key that verifies only from the far future, written as a node with that key-encryption key would. */
	private static String insertUnder(Node node, String kek) {
		ECKey key = SigningKeys.generate();
		KeyEncryption encryption = KeyEncryption.of(kek);
		Instant now = Instant.now();
		node.bean(SigningKeyRepository.class)
			.insert(new StoredKey(key.getKeyID(), key.toPublicJWK().toJSONString(),
					encryption.encrypt(key.getKeyID(), key.toJSONString().getBytes(StandardCharsets.UTF_8)),
					encryption.id(), StoredKey.Origin.GENERATED, now, now.plus(Duration.ofDays(365)), null));
		return key.getKeyID();
	}

	/** Waits for something the nodes do on their own schedule; fails after 10 s. */
	private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	private static String messages(Throwable ex) {
		StringBuilder messages = new StringBuilder();
		for (Throwable t = ex; t != null; t = t.getCause()) {
			messages.append(t.getMessage()).append('\n');
		}
		return messages.toString();
	}
}
