package nexus.iam.observability;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Test-only: an endpoint that fails, to see how a failure is logged and answered. */
@RestController
final class FailingTestEndpoint {

	static final String PATH = "/api/test/fail";

	@GetMapping(PATH)
	String fail() {
		throw new IllegalStateException("deliberate failure for the logging test");
	}
}
