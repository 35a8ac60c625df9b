/** Nexus IAM: the identity and session service of the Nexus platform. One package per feature. */
package nexus.iam;
