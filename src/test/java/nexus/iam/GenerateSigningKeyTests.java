package nexus.iam;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar nexus-iam.jar generate-signing-key}: a key set ready for NEXUS_TOKEN_SIGNING_KEYS. */
class GenerateSigningKeyTests {

	@Test
	void generateSigningKeyPrintsAPrivateP256KeySetWithAKid() throws Exception {
		PrintStream original = System.out;
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
		try {
			NexusIamApplication.main(new String[] { "generate-signing-key" });
		}
		finally {
			System.setOut(original);
		}
		JWKSet set = JWKSet.parse(out.toString(StandardCharsets.UTF_8).trim());
		ECKey key = (ECKey) set.getKeys().getFirst();
		assertThat(key.getCurve()).isEqualTo(Curve.P_256);
		assertThat(key.isPrivate()).isTrue();
		assertThat(key.getKeyID()).isEqualTo(key.computeThumbprint().toString());
	}
}
