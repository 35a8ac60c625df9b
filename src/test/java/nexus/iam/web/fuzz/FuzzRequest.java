package nexus.iam.web.fuzz;

import java.util.List;

/**
 * One generated request, as it goes on the wire.
 *
 * @param endpoint the route it aims at ({@code METHOD /template})
 * @param kind what was made hostile, for the report of a failure
 * @param method the request method
 * @param target the request target (path and query) exactly as sent
 * @param headers header lines
 * @param body the body, sent as ISO-8859-1 (one byte a character), or null for none
 */
record FuzzRequest(String endpoint, String kind, String method, String target, List<String> headers, String body) {

	/** A line that says what was sent, short enough for a failure message. */
	String describe() {
		String text = this.kind + " " + this.method + " " + this.target + " " + this.headers + " "
				+ ((this.body != null) ? this.body : "");
		return (text.length() > 300) ? text.substring(0, 300) + "…" : text;
	}
}
