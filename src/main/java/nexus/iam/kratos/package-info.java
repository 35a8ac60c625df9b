/** Ory Kratos integration: the registration web-hook that creates users for identities Kratos registered. */
package nexus.iam.kratos;
