package nexus.iam.account;

import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import nexus.iam.session.SessionView;
import nexus.iam.session.SignedInApplication;

/** One session on the account page; {@code applications} are the names of the applications it signed in to. */
record SessionRow(UUID id, boolean current, String device, String deviceType, @Nullable String location,
		@Nullable String ipAddress, String signedInAt, String signedInAtIso, String lastActive, String lastActiveIso,
		String provider, List<String> applications) {

	static SessionRow of(SessionView session, UUID currentSessionId, UnaryOperator<String> providerNames,
			List<SignedInApplication> applications) {
		return new SessionRow(session.id(), session.id().equals(currentSessionId), device(session),
				(session.deviceType() != null) ? session.deviceType() : "unknown", session.location(),
				session.ipAddress(), Times.shown(session.createdAt()), Times.machine(session.createdAt()),
				Times.shown(session.lastActivityAt()), Times.machine(session.lastActivityAt()),
				providerNames.apply(session.provider()),
				applications.stream().map(SignedInApplication::name).toList());
	}

	/** "Firefox 120 on Windows 10", or as much of it as is known. */
	private static String device(SessionView session) {
		StringJoiner device = new StringJoiner(" on ");
		if (session.browser() != null) {
			device.add(session.browser());
		}
		if (session.os() != null) {
			device.add(session.os());
		}
		return (device.length() > 0) ? device.toString() : "Unknown device";
	}
}
