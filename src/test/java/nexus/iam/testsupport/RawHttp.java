package nexus.iam.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 request over a socket bound to a chosen loopback address, so that a test can be a
 * trusted reverse proxy (127.0.0.2) or anybody else (127.0.0.1). Returns the raw response head.
 */
public final class RawHttp {

	private RawHttp() {
	}

	/** The head of the response: status line and headers. */
	public static String get(String fromAddress, int port, String path, String... headers) {
		String response = getWithBody(fromAddress, port, path, headers);
		int end = response.indexOf("\r\n\r\n");
		return (end >= 0) ? response.substring(0, end) : response;
	}

	/** The whole response, head and body. */
	public static String getWithBody(String fromAddress, int port, String path, String... headers) {
		return exchange(fromAddress, port, "GET", path, null, headers);
	}

	/** Any method, an optional body (sent with its Content-Length); the whole response. */
	public static String exchange(String fromAddress, int port, String method, String path, String body,
			String... headers) {
		try (Socket socket = new Socket()) {
			socket.bind(new InetSocketAddress(InetAddress.getByName(fromAddress), 0));
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
			socket.setSoTimeout(10_000);
			StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost:" + port
					+ "\r\nConnection: close\r\n");
			for (String header : headers) {
				request.append(header).append("\r\n");
			}
			byte[] content = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
			if (body != null) {
				request.append("Content-Length: ").append(content.length).append("\r\n");
			}
			request.append("\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
			out.write(content);
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * One request with a Host header of the caller's choosing (an HTTP client would not let a test
	 * set it); the whole response, headers and body.
	 */
	public static String request(int port, String host, String path, String... headers) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
			socket.setSoTimeout(10_000);
			StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host
					+ "\r\nConnection: close\r\n");
			for (String header : headers) {
				request.append(header).append("\r\n");
			}
			request.append("\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
			out.flush();
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}
}
