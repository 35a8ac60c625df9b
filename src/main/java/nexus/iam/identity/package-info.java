/** Users and their linked identities (provider + subject), and the profile API. */
package nexus.iam.identity;
