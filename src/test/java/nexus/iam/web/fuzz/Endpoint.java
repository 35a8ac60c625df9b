package nexus.iam.web.fuzz;

import java.util.List;

/**
 * One route of the public HTTP surface as the fuzzer sees it.
 *
 * @param method the HTTP method it is mapped to
 * @param template the route template, as Spring MVC maps it ({@code /api/me/sessions/{id}})
 * @param parameters the query or form parameters it reads, by name
 * @param body which bodies it reads
 * @param caller who the fuzzer may be: a signed-in user or the administrator only where no hostile
 * request can change anything (a hostile id finds nothing); else only someone without credentials
 */
record Endpoint(String method, String template, List<String> parameters, Body body, Caller caller) {

	enum Body {
		NONE, FORM, JSON, FORM_OR_JSON
	}

	enum Caller {
		ANONYMOUS, USER, ADMIN, KRATOS
	}

	static Endpoint of(String method, String template, Body body, Caller caller, String... parameters) {
		return new Endpoint(method, template, List.of(parameters), body, caller);
	}

	String key() {
		return this.method + " " + this.template;
	}
}
