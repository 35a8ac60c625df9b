package nexus.iam.secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The test-scope writer makes files in sops's layout that the decryptor reads back. */
class SopsWriterTests {

	private static final SopsWriter.AgeKey KEY = SopsWriter.AgeKey.generate();

	@TempDir
	Path temp;

	@Test
	void dotenvWhenWrittenThenDecryptsToTheSameValues() throws IOException {
		Map<String, String> variables = new LinkedHashMap<>();
		variables.put("NEXUS_ADMIN_TOKEN", "Xq9vL2mR7tK4wZ8nB3cY6hF1jD5sG0pA");
		variables.put("MULTI_LINE", "first\nsecond");
		variables.put("WITH_EQUALS", "a=b=c");
		variables.put("UNICODE", "Grüße, 東京");
		variables.put("EMPTY", "");
		variables.put("NOTE_unencrypted", "kept in clear text");
		Path file = write("secrets.enc.env", SopsWriter.dotenv(variables, KEY.recipient()));
		assertThat(SopsFile.decrypt(file, identities())).isEqualTo(variables);
		assertThat(Files.readString(file)).contains("NOTE_unencrypted=kept in clear text")
			.doesNotContain("Xq9vL2mR7tK4wZ8nB3cY6hF1jD5sG0pA", "second", "a=b=c");
	}

	@Test
	void dotenvWhenWrittenThenHasTheLinesSopsWrites() throws IOException {
		String written = SopsWriter.dotenv(Map.of("key", "value"), KEY.recipient());
		String bySops = SopsFileTests.read(SopsFileTests.resource("testdata/sops/flux-kustomize-controller/envs.enc.env"));
		assertThat(keys(written)).isEqualTo(keys(bySops));
		assertThat(written).containsPattern("(?m)^key=ENC\\[AES256_GCM,data:[^,]+,iv:[A-Za-z0-9+/]{43}=,tag:[^,]{24},type:str]$")
			.containsPattern("(?m)^sops_age__list_0__map_enc=-----BEGIN AGE ENCRYPTED FILE-----\\\\n.*"
					+ "\\\\n-----END AGE ENCRYPTED FILE-----\\\\n$")
			.containsPattern("(?m)^sops_lastmodified=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$");
	}

	@Test
	void yamlWhenWrittenThenDecryptsToTheSameValues() throws IOException {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("NEXUS_ADMIN_TOKEN", "Xq9vL2mR7tK4wZ8nB3cY6hF1jD5sG0pA");
		values.put("nested", Map.of("inner", "multi\nline: text"));
		values.put("EMPTY", "");
		Path file = write("secrets.enc.yaml", SopsWriter.yaml(values, KEY.recipient(), SopsWriter.AgeKey.generate().recipient()));
		assertThat(SopsFile.decrypt(file, identities())).isEqualTo(values);
		assertThat(Files.readString(file)).contains("sops:\n    age:\n        - recipient: " + KEY.recipient());
	}

	@Test
	void dotenvWhenMacCoversOnlyEncryptedValuesThenClearTextChangesPassAndEncryptedOnesDoNot() throws IOException {
		// mac_only_encrypted, as sops defines it: values in clear text are outside the MAC
		Map<String, String> variables = new LinkedHashMap<>();
		variables.put("NEXUS_ADMIN_TOKEN", "Xq9vL2mR7tK4wZ8nB3cY6hF1jD5sG0pA");
		variables.put("NOTE_unencrypted", "kept in clear text");
		String written = SopsWriter.dotenv(true, variables, KEY.recipient());
		Path file = write("only.enc.env", written.replace("kept in clear text", "changed"));
		assertThat(SopsFile.decrypt(file, identities())).containsEntry("NOTE_unencrypted", "changed");
		Path withoutInit = write("init.enc.env", written.replace("sops_mac_only_encrypted=true\n", ""));
		assertThatExceptionOfType(SecretsException.class).isThrownBy(() -> SopsFile.decrypt(withoutInit, identities()))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(SecretsException.Reason.MAC_MISMATCH));
	}

	private static List<String> keys(String dotenv) {
		return dotenv.lines().map((line) -> line.substring(0, line.indexOf('='))).toList();
	}

	private AgeIdentities identities() throws IOException {
		Path keyFile = write("keys.txt", KEY.keyFile());
		return AgeIdentities.load(Map.of(AgeIdentities.KEY_FILE, keyFile.toString())::get);
	}

	private Path write(String name, String content) throws IOException {
		return Files.writeString(this.temp.resolve(name), content);
	}
}
