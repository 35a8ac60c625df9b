package nexus.iam.secrets;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.json.JsonMapper;

import nexus.iam.secrets.SecretsException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The decryptor against files the real sops wrote (testdata/sops, see its README): each decrypts
 * to its plaintext under plain/, and each kind of damage stops it with a message naming the file
 * and no secret.
 */
class SopsFileTests {

	private static final Path DATA = resource("testdata/sops");

	private static final Path FLUX = DATA.resolve("flux-kustomize-controller");

	/** Every plaintext value of the sops test vectors: none may show up in an error message. */
	private static final List<String> SECRETS = List.of("t00m4nys3cr3tzupdated", "c4r1b0u", "secretuser1",
			"somelongvalue", "with something secret", "John", "Smith", "New York", "212 555-1234", "RSA PRIVATE KEY");

	@TempDir
	Path temp;

	@ParameterizedTest
	@CsvSource({ "example.enc.yaml, plain/example.yaml", "flux-kustomize-controller/secret-age.enc.yaml,"
			+ " flux-kustomize-controller/plain/secret-age.yaml" })
	void decryptWhenSopsWroteYamlThenEqualsPlaintext(String encrypted, String plain) throws IOException {
		Path keys = encrypted.startsWith("flux") ? FLUX.resolve("age.txt") : DATA.resolve("keys.txt");
		assertThat(SopsFile.decrypt(DATA.resolve(encrypted), identitiesFromFile(keys)))
			.isEqualTo(normalized(new Yaml(new SafeConstructor(new LoaderOptions())).load(read(DATA.resolve(plain)))));
	}

	@Test
	void decryptWhenSopsWroteJsonThenEqualsPlaintext() throws IOException {
		Map<?, ?> plain = JsonMapper.builder().build().readValue(read(DATA.resolve("plain/example.json")), Map.class);
		assertThat(SopsFile.decrypt(DATA.resolve("example.enc.json"), identitiesFromFile(DATA.resolve("keys.txt"))))
			.isEqualTo(normalized(plain));
	}

	@Test
	void decryptWhenSopsWroteIniThenEqualsPlaintext() throws IOException {
		assertThat(SopsFile.decrypt(DATA.resolve("example.enc.ini"), identitiesFromFile(DATA.resolve("keys.txt"))))
			.isEqualTo(IniStore.parse(read(DATA.resolve("plain/example.ini")), "plain"))
			.containsEntry("not private", Map.of("notsecret_unencrypted", "hi there!"));
	}

	@ParameterizedTest
	@CsvSource({ "envs.enc.env, envs.env", "component.enc.env, component.env" })
	void decryptWhenSopsWroteDotenvThenEqualsPlaintext(String encrypted, String plain) throws IOException {
		Map<String, Object> expected = new LinkedHashMap<>();
		for (String line : read(FLUX.resolve("plain").resolve(plain)).split("\n")) {
			expected.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
		}
		assertThat(SopsFile.decrypt(FLUX.resolve(encrypted), identitiesFromFile(FLUX.resolve("age.txt"))))
			.isEqualTo(expected);
	}

	@Test
	void decryptWhenKeyTextHoldsOnlyTheSecondRecipientThenOpensItsEntry() throws IOException {
		String second = read(DATA.resolve("keys.txt")).lines().filter((line) -> line.startsWith("AGE-")).toList().get(1);
		AgeIdentities identities = AgeIdentities.load(Map.of(AgeIdentities.KEY, "  " + second + "  ")::get);
		assertThat(SopsFile.decrypt(DATA.resolve("example.enc.yaml"), identities)).containsEntry("myapp1",
				"t00m4nys3cr3tzupdated");
	}

	@Test
	void decryptWhenIdentityIsNotARecipientThenRefusesNamingFileAndRecipients() {
		Path file = DATA.resolve("example.enc.yaml");
		assertFails(file, identitiesFromFile(FLUX.resolve("age.txt")), Reason.WRONG_KEY)
			.withMessageContaining("age1yt3tfqlfrwdwx0z0ynwplcr6qxcxfaqycuprpmy89nr83ltx74tqdpszlw");
	}

	@Test
	void decryptWhenNoIdentityIsConfiguredThenSaysWhichVariableToSet() {
		assertFails(FLUX.resolve("envs.enc.env"), AgeIdentities.load((name) -> null), Reason.NO_IDENTITY)
			.withMessageContaining("SOPS_AGE_KEY_FILE");
	}

	@ParameterizedTest
	@CsvSource({ "flux-kustomize-controller/envs.enc.env, key", "example.enc.yaml, myapp1",
			"example.enc.json, firstName", "example.enc.ini, firstName" })
	void decryptWhenAByteOfAValueIsFlippedThenRefusesNamingFileAndKey(String name, String key) throws IOException {
		Path file = copy(name);
		String text = read(file);
		Files.writeString(file, flipFirstDataByte(text, text.indexOf(key)));
		assertFails(file, identitiesFor(name), Reason.TAMPERED).withMessageContaining(key);
	}

	@ParameterizedTest
	@CsvSource({ "flux-kustomize-controller/envs.enc.env, sops_mac=", "example.enc.yaml, '    mac: '",
			"example.enc.json, '\"mac\": '", "example.enc.ini, 'mac                        = '" })
	void decryptWhenAByteOfTheMacIsFlippedThenRefuses(String name, String macKey) throws IOException {
		Path file = copy(name);
		String text = read(file);
		Files.writeString(file, flipFirstDataByte(text, text.indexOf(macKey)));
		assertFails(file, identitiesFor(name), Reason.MAC_MISMATCH);
	}

	@Test
	void decryptWhenTheMacIsRemovedThenRefuses() throws IOException {
		Path dotenv = copy("flux-kustomize-controller/envs.enc.env");
		Files.writeString(dotenv, read(dotenv).replaceAll("(?m)^sops_mac=.*\n", ""));
		assertFails(dotenv, identitiesFor("flux"), Reason.MAC_MISSING);
		Path yaml = copy("example.enc.yaml");
		Files.writeString(yaml, read(yaml).replaceAll("(?m)^    mac: .*\n", ""));
		assertFails(yaml, identitiesFor("example"), Reason.MAC_MISSING);
	}

	@Test
	void decryptWhenAnUnencryptedValueIsChangedThenTheMacRefuses() throws IOException {
		// nothing but the MAC protects values kept in clear text: this fails without its check
		Path file = copy("example.enc.yaml");
		Files.writeString(file, read(file).replace("going to remain in clear text", "changed by an attacker"));
		assertFails(file, identitiesFor("example"), Reason.MAC_MISMATCH);
	}

	@Test
	void decryptWhenAnEncryptedEntryIsRemovedThenTheMacRefuses() throws IOException {
		Path file = copy("example.enc.yaml");
		Files.writeString(file, read(file).replaceAll("(?m)^number: .*\n", ""));
		assertFails(file, identitiesFor("example"), Reason.MAC_MISMATCH);
	}

	@Test
	void decryptWhenLastModifiedIsChangedThenTheMacRefuses() throws IOException {
		Path file = copy("flux-kustomize-controller/envs.enc.env");
		Files.writeString(file, read(file).replace("sops_lastmodified=2024-11-12T13:33:42Z",
				"sops_lastmodified=2024-11-12T13:33:43Z"));
		assertFails(file, identitiesFor("flux"), Reason.MAC_MISMATCH);
	}

	@Test
	void decryptWhenAnEncryptedValueIsMovedToAnotherKeyThenRefuses() throws IOException {
		// the key path is the additional data: a value only decrypts under its own key
		Path file = copy("example.enc.json");
		String text = read(file);
		String lastName = value(text, "\"lastName\": \"");
		String firstName = value(text, "\"firstName\": \"");
		Files.writeString(file, text.replace(firstName, "SWAP").replace(lastName, firstName).replace("SWAP", lastName));
		assertFails(file, identitiesFor("example"), Reason.TAMPERED).withMessageContaining("firstName");
	}

	@Test
	void decryptWhenAValueIsReplacedByClearTextThenRefuses() throws IOException {
		Path file = copy("flux-kustomize-controller/envs.enc.env");
		Files.writeString(file, read(file).replaceAll("(?m)^key=.*$", "key=planted"));
		assertFails(file, identitiesFor("flux"), Reason.TAMPERED).withMessageContaining("not encrypted");
	}

	@Test
	void decryptWhenTheDataKeyEntryIsDamagedThenRefuses() throws IOException {
		Path file = copy("flux-kustomize-controller/envs.enc.env");
		String text = read(file);
		int at = text.indexOf("sops_age__list_0__map_enc=") + 100;
		Files.writeString(file, text.substring(0, at) + (text.charAt(at) == 'A' ? 'B' : 'A') + text.substring(at + 1));
		assertFails(file, identitiesFor("flux"), Reason.WRONG_KEY);
	}

	@Test
	void decryptWhenTheFileIsTheBinaryStoreThenRefusesAsUnsupported() {
		assertFails(DATA.resolve("example.enc.txt"), identitiesFor("example"), Reason.UNSUPPORTED);
	}

	@Test
	void decryptWhenTheFileIsNotEncryptedThenRefuses() {
		assertFails(FLUX.resolve("plain/envs.env"), identitiesFor("flux"), Reason.MALFORMED);
	}

	@Test
	void decryptWhenTheFileIsMissingThenRefusesNamingIt() {
		assertFails(this.temp.resolve("missing.enc.env"), identitiesFor("flux"), Reason.UNREADABLE);
	}

	private org.assertj.core.api.ThrowableAssertAlternative<SecretsException> assertFails(Path file,
			AgeIdentities identities, Reason reason) {
		return assertThatExceptionOfType(SecretsException.class).isThrownBy(() -> SopsFile.decrypt(file, identities))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(reason))
			.withMessageContaining(file.toString())
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(SECRETS));
	}

	/** Flips the lowest bit of the first ciphertext byte after {@code from}. */
	static String flipFirstDataByte(String text, int from) {
		Matcher data = Pattern.compile("data:([^,]+),").matcher(text);
		assertThat(data.find(from)).isTrue();
		byte[] bytes = Base64.getDecoder().decode(data.group(1));
		bytes[0] ^= 1;
		return text.substring(0, data.start(1)) + Base64.getEncoder().encodeToString(bytes) + text.substring(data.end(1));
	}

	private static String value(String text, String prefix) {
		int start = text.indexOf(prefix) + prefix.length();
		return text.substring(start, text.indexOf('"', start));
	}

	private Path copy(String name) throws IOException {
		Path copy = this.temp.resolve(Path.of(name).getFileName());
		Files.copy(DATA.resolve(name), copy);
		copy.toFile().setWritable(true);
		return copy;
	}

	private static AgeIdentities identitiesFor(String name) {
		return identitiesFromFile(name.startsWith("flux") ? FLUX.resolve("age.txt") : DATA.resolve("keys.txt"));
	}

	static AgeIdentities identitiesFromFile(Path keys) {
		return AgeIdentities.load(Map.of(AgeIdentities.KEY_FILE, keys.toString())::get);
	}

	/** Integers as longs, as sops and the decryptor read them. */
	@SuppressWarnings("unchecked")
	static Object normalized(Object value) {
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> result = new LinkedHashMap<>();
			map.forEach((key, item) -> result.put((String) key, normalized(item)));
			return result;
		}
		if (value instanceof List<?> list) {
			return list.stream().map(SopsFileTests::normalized).toList();
		}
		return (value instanceof Integer number) ? (Object) number.longValue() : value;
	}

	static String read(Path file) throws IOException {
		return Files.readString(file, StandardCharsets.UTF_8);
	}

	static Path resource(String name) {
		try {
			return Path.of(SopsFileTests.class.getClassLoader().getResource(name).toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
