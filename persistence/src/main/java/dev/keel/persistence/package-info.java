/** Keel's PostgreSQL access: Jdbi DAOs, bulk paths, migrations and the embedded default server. */
package dev.keel.persistence;
