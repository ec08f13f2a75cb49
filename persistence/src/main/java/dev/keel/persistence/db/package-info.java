/** Where the database is, how Keel connects to it, and how its schema is migrated. */
package dev.keel.persistence.db;
