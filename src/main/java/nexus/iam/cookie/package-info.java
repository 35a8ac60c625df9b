/** The names and attributes of every cookie the service sets ({@code __Host-}/{@code __Secure-} over https). */
package nexus.iam.cookie;
