package nexus.iam.keystore;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One key as the administration API shows it: never a private part.
 *
 * @param kid the key id
 * @param status {@code next}, {@code active}, {@code previous} or {@code retired}
 * @param origin {@code generated}, {@code imported} or {@code configuration}
 * @param createdAt when it was created or imported
 * @param activatesAt from when it signs
 * @param stoppedSigningAt for a previous key: when its successor took over
 * @param retirableAt for a previous key: from when it can be retired without {@code force}, its
 * last tokens having expired; for a next key: at once
 * @param retiredAt when it was retired
 */
record SigningKeyView(String kid, String status, String origin, @JsonProperty("created_at") @Nullable Instant createdAt,
		@JsonProperty("activates_at") @Nullable Instant activatesAt,
		@JsonProperty("stopped_signing_at") @Nullable Instant stoppedSigningAt,
		@JsonProperty("retirable_at") @Nullable Instant retirableAt,
		@JsonProperty("retired_at") @Nullable Instant retiredAt) {

	boolean is(SigningKeyStatus status) {
		return this.status.equals(status.value());
	}
}
