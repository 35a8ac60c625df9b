package nexus.iam.notification;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What an e-mail says about one sign-in (a session). Device, browser and operating system come
 * from the client's User-Agent and are untrusted: they are cleaned and shortened before they are
 * stored, and escaped when shown.
 *
 * @param deviceType e.g. {@code Desktop} or {@code Mobile}
 * @param browser e.g. {@code Firefox 128}
 * @param os e.g. {@code Windows 11}
 * @param ipAddress the client address
 * @param location where that address is, as shown to people (e.g. {@code Berlin, Germany})
 * @param signedInAt when the session began
 * @param provider the provider signed in with, e.g. {@code google}
 */
public record SignInFacts(@Nullable String deviceType, @Nullable String browser, @Nullable String os,
		@Nullable String ipAddress, @Nullable String location, Instant signedInAt, @Nullable String provider) {

	public SignInFacts {
		Objects.requireNonNull(signedInAt, "signedInAt");
	}
}
