package nexus.iam.problem;

import java.io.IOException;
import java.io.Writer;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's error report, for the errors Tomcat answers before any application code runs (an
 * oversized or malformed request line or header): a problem document instead of an HTML page.
 */
final class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		ErrorCode code = (status == 400 || status == 431) ? ErrorCode.REQUEST_TOO_LARGE_OR_MALFORMED
				: ErrorCodes.forStatus(status);
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write("{\"type\":\"" + code.type() + "\",\"title\":\"" + code.title() + "\",\"status\":" + status
						+ ",\"code\":\"" + code.code() + "\"}");
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the connection is going away: nothing more to tell the client
		}
	}
}
