/** Security e-mails to users: an outbox written with the action, delivered in the background. */
package nexus.iam.notification;
