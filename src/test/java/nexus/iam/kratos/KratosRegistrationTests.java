package nexus.iam.kratos;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import tools.jackson.databind.json.JsonMapper;

import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The web-hook body's documented shape, and the values it may carry, without Spring. */
class KratosRegistrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String ID = "\"3a5293f1-f4d6-49f4-b34f-6da62c360604\"";

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			{"email":"a@b.c\\u0000"}                                  | identity.traits.email is not an e-mail address
			{"email":"not an address"}                               | identity.traits.email is not an e-mail address
			{"email":"a@b"}                                          | identity.traits.email is not an e-mail address
			{"email":"x@y.zz","name":"x\\u0000y"}                    | identity.traits.name holds control characters
			{"name":"\\u202eevil"}                                   | identity.traits.name holds control characters
			{"name":{"first":"Jane","last":"\\u0007"}}               | identity.traits.name holds control characters
			""")
	void parseWhenTraitValueUnfitThenInvalidRequest(String traits, String detail) {
		assertInvalid("{\"identity\":{\"id\":" + ID + ",\"traits\":" + traits + "}}", detail);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			"verifiable_addresses":"x@y.zz"                  | identity.verifiable_addresses is not an array
			"verifiable_addresses":["x@y.zz"]                | identity.verifiable_addresses[0] is not an object
			"verifiable_addresses":[{"value":1}]             | identity.verifiable_addresses[0].value is not a string
			"recovery_addresses":{"value":"x@y.zz"}          | identity.recovery_addresses is not an array
			"recovery_addresses":[{"value":"x@y.zz","verified":"yes"}] | identity.recovery_addresses[0].verified is not a boolean
			""")
	void parseWhenAddressListMisshapenThenInvalidRequestEvenWithoutAnEmailTrait(String member, String detail) {
		assertInvalid("{\"identity\":{\"id\":" + ID + ",\"traits\":{}," + member + "}}", detail);
	}

	@Test
	void parseWhenNameTooLongThenInvalidRequest() {
		assertInvalid("{\"identity\":{\"id\":" + ID + ",\"traits\":{\"name\":\"" + "n".repeat(201) + "\"}}}",
				"identity.traits.name holds control characters or is longer than 200 characters");
	}

	@Test
	void parseWhenDocumentedShapeThenRead() {
		KratosRegistration registration = parse("{\"identity\":{\"id\":" + ID + ",\"traits\":{\"email\":\"Jane@Example.com\","
				+ "\"name\":{\"first\":\"Jane\",\"last\":\"Doe\"}},\"verifiable_addresses\":[{\"value\":\"jane@example.com\","
				+ "\"verified\":true}],\"recovery_addresses\":[{\"value\":\"jane@example.com\"}]},\"method\":\"password\"}");

		assertThat(registration.email()).isEqualTo("Jane@Example.com");
		assertThat(registration.emailVerified()).isTrue();
		assertThat(registration.displayName()).isEqualTo("Jane Doe");
	}

	private static KratosRegistration parse(String body) {
		return KratosRegistration.parse(JSON, body.getBytes(StandardCharsets.UTF_8));
	}

	private static void assertInvalid(String body, String detail) {
		assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> parse(body)).satisfies((ex) -> {
			assertThat(ex.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
			assertThat(ex.getMessage()).startsWith(detail);
		});
	}
}
