package nexus.iam.kratos;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The web-hook without a configured secret (the integration tests run with one). */
class KratosWebhookControllerTests {

	private static final byte[] BODY = "{\"identity\":{\"id\":\"3a5293f1-f4d6-49f4-b34f-6da62c360604\",\"traits\":{}}}"
		.getBytes(java.nio.charset.StandardCharsets.UTF_8);

	@Test
	void registrationWhenNoSecretConfiguredThenNotFoundWhateverTheHeader() {
		KratosWebhookController controller = new KratosWebhookController(new KratosProperties(" "), null,
				JsonMapper.builder().build());

		for (String presented : new String[] { null, "", " " }) {
			assertThatExceptionOfType(ProblemException.class)
				.isThrownBy(() -> controller.registration(presented, BODY))
				.satisfies((ex) -> org.assertj.core.api.Assertions.assertThat(ex.errorCode())
					.isEqualTo(ErrorCode.NOT_FOUND));
		}
	}
}
