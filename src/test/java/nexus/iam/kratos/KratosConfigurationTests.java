package nexus.iam.kratos;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What production mode says about the web-hook secret. */
class KratosConfigurationTests {

	private final KratosConfiguration configuration = new KratosConfiguration();

	@Test
	void productionCheckWhenSecretUnsetThenNoProblem() {
		assertThat(this.configuration.kratosProductionCheck(new KratosProperties(null)).problems()).isEmpty();
	}

	@Test
	void productionCheckWhenSecretWeakThenNamesTheVariable() {
		assertThat(this.configuration.kratosProductionCheck(new KratosProperties("short")).problems())
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.startsWith("NEXUS_KRATOS_WEBHOOK_SECRET is shorter than 32 characters: set 32 or more random characters");
		assertThat(this.configuration
			.kratosProductionCheck(new KratosProperties("changeme-changeme-changeme-changeme"))
			.problems()).singleElement().asString().startsWith("NEXUS_KRATOS_WEBHOOK_SECRET looks like a placeholder");
	}

	@Test
	void productionCheckWhenSecretStrongThenNoProblem() {
		assertThat(this.configuration.kratosProductionCheck(new KratosProperties("Kq7vT2nW9xR4mB8cY3hF6jD1sG5pL0zA"))
			.problems()).isEmpty();
	}
}
