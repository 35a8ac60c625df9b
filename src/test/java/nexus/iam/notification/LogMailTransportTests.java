package nexus.iam.notification;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Without a mail server, e-mails go to the log. */
@ExtendWith(OutputCaptureExtension.class)
class LogMailTransportTests {

	@Test
	void sendThenRecipientSubjectAndTextLoggedAndNoHtml(CapturedOutput output) {
		new LogMailTransport().send(new MailMessage("anna@example.com", "Anna", "New sign-in to your Nexus account",
				"Hello Anna,\n\n  Browser: Firefox 128\n", "<p>html part</p>"));

		assertThat(output.getOut()).contains("INFO", "to=anna@example.com", "subject=New sign-in to your Nexus account",
				"Hello Anna,", "Browser: Firefox 128")
			.doesNotContain("html part");
	}
}
