/** The home page with the sign-in choices, the merge flow's page, and the start-up banner. */
package nexus.iam.home;
