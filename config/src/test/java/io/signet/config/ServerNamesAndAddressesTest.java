package io.signet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The server's NetBIOS name, workgroup and bind address as {@link ServerConfig} accepts and refuses them. */
class ServerNamesAndAddressesTest {

    @ParameterizedTest
    @CsvSource({
        "fileserver, FILESERVER",
        "FS-01, FS-01",
        "my_box, MY_BOX",
        "123456789012345, 123456789012345",
    })
    void serverAndDomainNamesAreUpperCased(String given, String stored) {
        ServerConfig config = ServerConfig.builder().serverName(given).domain(given).build();
        assertEquals(stored, config.serverName());
        assertEquals(stored, config.domain());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1234567890123456", "file server", "host.example", "bad*name", "ÄRGER"})
    void invalidServerNames(String name) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServerConfig.builder().serverName(name).build());
        assertTrue(e.getMessage().startsWith("server name '" + name + "' must be 1 to 15 characters"),
                e.getMessage());
        ConfigException d = assertThrows(ConfigException.class,
                () -> ServerConfig.builder().serverName("S").domain(name).build());
        assertTrue(d.getMessage().startsWith("workgroup '" + name + "'"), d.getMessage());
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
        "fileserver.example.com, FILESERVER",
        "localhost, LOCALHOST",
        "a-very-long-host-name.lan, A-VERY-LONG-HOS",
        "box, BOX",
        "10.1.2.3, SIGNET",
        "fe80::1, SIGNET",
        "'', SIGNET",
        ".example, SIGNET",
        "h\u00f6st, SIGNET",
        "NULL, SIGNET",
    })
    void serverNameFromHostName(String host, String expected) {
        assertEquals(expected, NetbiosNames.netbiosNameFromHostName(host));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "127.0.0.1", "::", "::1", "[::1]", "fe80::1", "localhost",
        "files.example.com"})
    void validBindAddresses(String address) {
        assertEquals(address, ServerConfig.builder().bindAddress(address).serverName("S").build().bindAddress());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "256.1.1.1", "1.2.3", "1.2.3.4.5", "::g", "a b", "-host", "host_name", "1.2.3.4/24"})
    void invalidBindAddresses(String address) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServerConfig.builder().bindAddress(address).serverName("S").build());
        assertTrue(e.getMessage().contains("neither an IP address nor a host name"), e.getMessage());
    }
}
