package nexus.iam.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The firewall's rule for parameter values: the header rule, with form text's tabs and line breaks. */
class ParameterValueRuleTests {

	@ParameterizedTest
	@ValueSource(strings = { "", "plain", "naïve café", "日本語", "{\n  \"name\": {\"firstName\": \"John\"}\r\n}", "a\tb" })
	void parameterValueWhenTextThenAllowed(String value) {
		assertThat(SecurityConfiguration.isAllowedParameterValue(value)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "a\u0000b", "a\u0001", "a\u001bb", "a\u007f", "a\u0085", "\u0378" })
	void parameterValueWhenOtherControlOrUnassignedCharacterThenRefused(String value) {
		assertThat(SecurityConfiguration.isAllowedParameterValue(value)).isFalse();
	}

	@org.junit.jupiter.api.Test
	void parameterWithoutValueThenAllowed() {
		assertThat(SecurityConfiguration.isAllowedParameterValue(null)).isTrue();
	}
}
