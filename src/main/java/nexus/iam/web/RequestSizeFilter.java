package nexus.iam.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.Problems;

/**
 * Refuses request bodies larger than the API ever needs (a token, a small form or JSON) with a
 * 413 problem, before anything reads them. Bodies of unknown length (chunked) are refused too:
 * no client of this API streams.
 */
final class RequestSizeFilter extends OncePerRequestFilter {

	private final long maxBodyBytes;

	RequestSizeFilter(DataSize maxBody) {
		this.maxBodyBytes = maxBody.toBytes();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long length = request.getContentLengthLong();
		boolean chunked = length == -1 && "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
		if (length > this.maxBodyBytes || chunked) {
			Problems.write(response, Problems.of(ErrorCode.PAYLOAD_TOO_LARGE,
					"Request bodies are limited to " + this.maxBodyBytes + " bytes"));
			return;
		}
		chain.doFilter(request, response);
	}
}
