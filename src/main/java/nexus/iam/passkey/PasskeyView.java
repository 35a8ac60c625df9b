package nexus.iam.passkey;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import nexus.iam.passkey.PasskeyRepository.PasskeyRow;

/**
 * A passkey as its owner sees it.
 *
 * @param backupEligible whether it can be synced (e.g. by a password manager)
 * @param backedUp whether it is synced now
 * @param counterRegressedAt when a use with a counter that went backwards was refused, if ever
 */
record PasskeyView(UUID id, String name, @JsonProperty("created_at") Instant createdAt,
		@JsonProperty("last_used_at") @Nullable Instant lastUsedAt,
		@JsonProperty("backup_eligible") boolean backupEligible, @JsonProperty("backed_up") boolean backedUp,
		@Nullable UUID aaguid, @JsonProperty("counter_regressed_at") @Nullable Instant counterRegressedAt) {

	static PasskeyView of(PasskeyRow row) {
		return new PasskeyView(row.id(), row.name(), row.createdAt(), row.lastUsedAt(), row.backupEligible(),
				row.backedUp(), row.aaguid(), row.counterRegressedAt());
	}
}
