package nexus.iam.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 on the wire, byte for byte: a request line, headers and a body exactly as given (no
 * client library that would refuse or repair {@code %zz}, a NUL or a bare {@code %}; the head is
 * sent as ISO-8859-1, one byte a character), and the response parsed back (Content-Length, chunked, or until the server closes).
 */
public final class WireHttp {

	private WireHttp() {
	}

	/** A response: status, headers (lower-case names, the last value of a repeated one) and body. */
	public record Response(int status, Map<String, String> headers, String body) {

		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}
	}

	/** One request on a connection of its own ({@code Connection: close} is added). */
	public static Response exchange(int port, String method, String target, List<String> headers, byte[] body) {
		StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
		head.append("Host: localhost:").append(port).append("\r\nConnection: close\r\n");
		for (String header : headers) {
			head.append(header).append("\r\n");
		}
		if (body != null) {
			head.append("Content-Length: ").append(body.length).append("\r\n");
		}
		head.append("\r\n");
		byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
		return send(port, headBytes, body, method.equals("HEAD"));
	}

	/** Raw bytes as they are, for requests no well-formed request line can express. */
	public static Response raw(int port, byte[] request) {
		return send(port, request, null, false);
	}

	private static Response send(int port, byte[] head, byte[] body, boolean headOnly) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write(head);
			if (body != null) {
				out.write(body);
			}
			out.flush();
			return read(socket.getInputStream(), headOnly);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Response read(InputStream in, boolean headOnly) throws IOException {
		byte[] all = in.readAllBytes(); // Connection: close: the server ends the stream
		int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
		// an interim answer (100 Continue) comes first: the final one follows it
		while (end > 0 && all.length > 12 && all[9] == '1') {
			all = java.util.Arrays.copyOfRange(all, end + 4, all.length);
			end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
		}
		if (end < 0) {
			throw new IOException("no complete response head in " + all.length + " bytes");
		}
		String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			if (colon > 0) {
				headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).strip());
			}
		}
		byte[] rest = java.util.Arrays.copyOfRange(all, end + 4, all.length);
		byte[] content = (headOnly) ? new byte[0]
				: "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? dechunk(rest) : rest;
		return new Response(status, headers, new String(content, StandardCharsets.UTF_8));
	}

	private static byte[] dechunk(byte[] chunked) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int at = 0;
		while (at < chunked.length) {
			int lineEnd = indexOf(chunked, "\r\n".getBytes(StandardCharsets.US_ASCII), at);
			if (lineEnd < 0) {
				throw new IOException("truncated chunk size");
			}
			String size = new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII);
			int semicolon = size.indexOf(';');
			int length = Integer.parseInt((semicolon >= 0) ? size.substring(0, semicolon) : size, 16);
			if (length == 0) {
				break;
			}
			out.write(chunked, lineEnd + 2, length);
			at = lineEnd + 2 + length + 2;
		}
		return out.toByteArray();
	}

	private static int indexOf(byte[] data, byte[] pattern, int from) {
		outer: for (int i = from; i <= data.length - pattern.length; i++) {
			for (int j = 0; j < pattern.length; j++) {
				if (data[i + j] != pattern[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}
}
