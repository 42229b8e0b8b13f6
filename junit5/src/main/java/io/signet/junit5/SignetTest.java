package io.signet.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Signet server for the annotated test class, started before its first test and stopped (its directories deleted)
 * after its last; tests and lifecycle methods take it as a parameter of type {@link Smb}:
 * <pre>{@code
 * @SignetTest(shares = "data", users = "alice:secret")
 * class ReportUploadTest {
 *     @Test
 *     void uploads(Smb smb) { ... smb.url("data") ... }
 * }
 * }</pre>
 * Faults and the operations record start empty for every test.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SignetTestExtension.class)
public @interface SignetTest {
    /** Share names, each backed by its own temporary directory. */
    String[] shares() default {"data"};

    /** Users as {@code name:password}; the first is {@link Smb#user()}. */
    String[] users() default {"user:password"};
}
