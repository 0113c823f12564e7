package io.github.emrflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed {@code jbang} wrapper and its launch cache, driven as a user drives it: the real
 * wrapper, the real JBang, a throw-away script with a {@code //SOURCES} glob and a {@code //DEPS}
 * line, in a folder of its own (so each test has its own .jbang/launch-cache). With
 * EMRFLOW_JBANG_DEBUG=1 the wrapper says "cache hit" or "cache miss" on stderr. The SNAPSHOT tests
 * install a tiny "engine" jar into a throw-away local Maven repository (JBANG_REPO), as
 * {@code mvn install} does with emrflow-core, and rebuild it in place.
 */
class JbangWrapperTest {
    static final String JBANG_VERSION = System.getProperty("emrflow.jbang.version", "0.132.1");
    static final String JAR = "jbang-cli-" + JBANG_VERSION + "-all.jar";

    /** Holds the one JBang jar every test folder links to (fetched at most once). */
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    /** Makes every test's script (and so JBang's built jar) unique, so tests never share a build. */
    String nonce;

    @BeforeAll
    static void jbangJar() throws Exception {
        Path repoJar = TestProjects.repo().resolve(".jbang").resolve(JAR);
        Files.createDirectories(shared.resolve(".jbang"));
        if (Files.isRegularFile(repoJar)) {
            link(repoJar, shared.resolve(".jbang").resolve(JAR));
        } else {
            copyWrapper(shared);
            Result fetch = run(shared, List.of("./jbang", "--version"));
            assertThat(fetch.exit()).as(fetch.toString()).isZero();
        }
    }

    @BeforeEach
    void project() throws IOException {
        copyWrapper(dir);
        Files.createDirectories(dir.resolve(".jbang"));
        link(shared.resolve(".jbang").resolve(JAR), dir.resolve(".jbang").resolve(JAR));
        nonce = UUID.randomUUID().toString();
        writeScript("hello", "info.picocli:picocli:4.7.7", "");
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/Greeting.java"),
                "public class Greeting { static String text() { return \"hello v1\"; } }\n");
    }

    /**
     * hello.java: prints the greeting from lib/, picocli's version (from //DEPS), then each
     * argument in brackets; "exit=N" as first argument makes it exit N.
     */
    void writeScript(String greetingSuffix, String deps, String extraDirectives) throws IOException {
        Files.writeString(dir.resolve("hello.java"), """
                //JAVA 17+
                //DEPS %s
                //SOURCES lib/*.java
                %s
                // test %s
                public class hello {
                    public static void main(String[] args) {
                        System.out.println(Greeting.text() + " %s picocli " + picocli.CommandLine.VERSION);
                        for (String a : args) {
                            System.out.println("[" + a + "]");
                        }
                        System.exit(args.length > 0 && args[0].startsWith("exit=") ? Integer.parseInt(args[0].substring(5)) : 0);
                    }
                }
                """.formatted(deps, extraDirectives, nonce, greetingSuffix));
    }

    @Test
    void theSecondRunUsesTheCacheAndPrintsTheSame() {
        Result first = hello("a");
        Result second = hello("a");
        assertThat(first.err()).contains("jbang: cache miss");
        assertThat(second.err()).contains("jbang: cache hit").doesNotContain("cache miss").doesNotContain("[jbang]");
        assertThat(first.exit()).isZero();
        assertThat(second.exit()).isZero();
        assertThat(second.out()).isEqualTo(first.out()).isEqualTo("hello v1 hello picocli 4.7.7\n[a]\n");
        assertThat(entries()).hasSize(1);
    }

    @Test
    void withoutTheDebugVariableTheWrapperAddsNothing() {
        hello();
        Result quiet = run(dir, List.of("./jbang", "hello.java", "x"), false);
        assertThat(quiet.exit()).isZero();
        assertThat(quiet.out()).isEqualTo("hello v1 hello picocli 4.7.7\n[x]\n");
        assertThat(quiet.err()).isEmpty();
    }

    @Test
    void editingTheScriptIsAMissAndRunsTheNewCode() throws IOException {
        hello();
        writeScript("edited", "info.picocli:picocli:4.7.7", "");
        Result edited = hello();
        assertThat(edited.err()).contains("cache miss");
        assertThat(edited.out()).isEqualTo("hello v1 edited picocli 4.7.7\n");
        assertThat(hello().err()).contains("cache hit");
        assertThat(entries()).as("the old entry is dropped").hasSize(1);
    }

    @Test
    void editingASharedSourceFileIsAMissAndRunsTheNewCode() throws IOException {
        hello();
        Files.writeString(dir.resolve("lib/Greeting.java"),
                "public class Greeting { static String text() { return \"hello v2\"; } }\n");
        Result edited = hello();
        assertThat(edited.err()).contains("cache miss");
        assertThat(edited.out()).isEqualTo("hello v2 hello picocli 4.7.7\n");
        assertThat(hello().err()).contains("cache hit");
    }

    @Test
    void addingOrRemovingAFileTheGlobMatchesIsAMiss() throws IOException {
        hello();
        Path extra = Files.writeString(dir.resolve("lib/Extra.java"), "class Extra {}\n");
        assertThat(hello().err()).contains("cache miss");
        assertThat(hello().err()).contains("cache hit");
        Files.delete(extra);
        Result removed = hello();
        assertThat(removed.err()).contains("cache miss");
        assertThat(removed.out()).isEqualTo("hello v1 hello picocli 4.7.7\n");
    }

    @Test
    void changingADepsLineIsAMissAndUsesTheNewDependency() throws IOException {
        hello();
        writeScript("hello", "info.picocli:picocli:4.7.6", "");
        Result changed = hello();
        assertThat(changed.err()).contains("cache miss");
        assertThat(changed.out()).isEqualTo("hello v1 hello picocli 4.7.6\n");
        Result again = hello();
        assertThat(again.err()).contains("cache hit");
        assertThat(again.out()).isEqualTo("hello v1 hello picocli 4.7.6\n");
    }

    @Test
    void aCorruptEntryFallsBackToJbangAndIsRewritten() throws IOException {
        hello();
        Path entry = entries().get(0);
        String good = Files.readString(entry);
        Path pwned = dir.resolve("pwned");
        List<String> corruptions = List.of(
                "",
                "garbage\n",
                good.substring(0, good.length() / 2),
                good.replace("emrflow-launch-cache 2", "emrflow-launch-cache 1"),
                good.replace("\nend\n", "\n"),
                good.replaceFirst("-classpath", "'-classpath"),
                good.replaceFirst("-classpath", "\\$(touch " + pwned + ") -classpath"),
                good.replaceFirst("-classpath", "`touch " + pwned + "` -classpath"),
                good.replaceFirst("hello.jar", "nothing-here.jar"));
        for (String corrupt : corruptions) {
            Files.writeString(entry, corrupt);
            Result r = hello("x y");
            assertThat(r.err()).as(corrupt).contains("cache miss");
            assertThat(r.exit()).as(corrupt).isZero();
            assertThat(r.out()).as(corrupt).isEqualTo("hello v1 hello picocli 4.7.7\n[x y]\n");
            assertThat(Files.readString(entry)).as("rewritten after " + corrupt).isEqualTo(good);
            assertThat(pwned).doesNotExist();
        }
        assertThat(hello().err()).contains("cache hit");
    }

    @Test
    void aDeletedBuildFallsBackToJbangWhichRebuildsIt() throws IOException {
        hello();
        String line = Files.readString(entries().get(0));
        Path builtJar = Path.of(line.substring(line.indexOf("-classpath ") + 11).split(":")[0]);
        assertThat(builtJar.getFileName()).hasToString("hello.jar");
        Files.delete(builtJar);
        Result r = hello("z");
        assertThat(r.err()).contains("cache miss").contains("Building jar for hello.java");
        assertThat(r.out()).isEqualTo("hello v1 hello picocli 4.7.7\n[z]\n");
        assertThat(builtJar).exists();
        assertThat(hello().err()).contains("cache hit");
    }

    @Test
    void aRebuiltSnapshotJarIsAMissAndJbangResolvesItsNewDependencies() throws IOException {
        // As `mvn install` does with emrflow-core: the jar is rewritten at the same path, so the
        // cached line still names it; v2 also needs a new dependency the cached class path lacks.
        Path repo = dir.resolve("m2");
        String engine = "engine-" + nonce;
        String extra = "extra-" + nonce;
        Path engineJar = install(repo, engine, "1.0-SNAPSHOT", "", ENGINE_V1);
        writeEngineScript(engine, "1.0-SNAPSHOT");
        Result first = runWithRepo(repo, "engine.java");
        assertThat(first.err()).as(first.toString()).contains("cache miss");
        assertThat(first.out()).as(first.toString()).isEqualTo("engine v1\n");
        Result hit = runWithRepo(repo, "engine.java");
        assertThat(hit.err()).as(hit.toString()).contains("cache hit");
        assertThat(hit.out()).isEqualTo("engine v1\n");

        Path extraJar = install(repo, extra, "1.0", "", Map.of("extralib.Extra", """
                package extralib;
                public class Extra { public static String text() { return "extra"; } }
                """));
        Path rebuilt = install(repo, engine, "1.0-SNAPSHOT", dependency(extra, "1.0"), Map.of("enginelib.Engine", """
                package enginelib;
                public class Engine { public static String text() { return "engine v2 with " + extralib.Extra.text(); } }
                """), extraJar);
        assertThat(rebuilt).isEqualTo(engineJar);
        Result afterInstall = runWithRepo(repo, "engine.java");
        assertThat(afterInstall.err()).as(afterInstall.toString())
                .contains("cache stale: class path changed").contains("cache miss").doesNotContain("cache hit");
        assertThat(afterInstall.exit()).as(afterInstall.toString()).isZero();
        assertThat(afterInstall.out()).isEqualTo("engine v2 with extra\n");
        Result again = runWithRepo(repo, "engine.java");
        assertThat(again.err()).as(again.toString()).contains("cache hit");
        assertThat(again.out()).isEqualTo("engine v2 with extra\n");
        assertThat(Files.readString(engineEntry())).contains(extraJar.toString());
    }

    @Test
    void aJarOfTheClassPathWithANewTimeOrSizeIsAMiss() throws IOException {
        Path repo = dir.resolve("m2");
        String engine = "engine-" + nonce;
        Path jar = install(repo, engine, "1.0", "", ENGINE_V1);
        writeEngineScript(engine, "1.0");
        assertThat(runWithRepo(repo, "engine.java").err()).contains("cache miss");
        assertThat(runWithRepo(repo, "engine.java").err()).contains("cache hit");

        // Same content, another modification time (even within the same second: nanoseconds count).
        FileTime mtime = Files.getLastModifiedTime(jar);
        Files.setLastModifiedTime(jar, FileTime.from(mtime.toInstant().plusNanos(1000)));
        Result touched = runWithRepo(repo, "engine.java");
        assertThat(touched.err()).as(touched.toString()).contains("cache stale: class path changed").contains("cache miss");
        assertThat(touched.out()).isEqualTo("engine v1\n");
        assertThat(runWithRepo(repo, "engine.java").err()).contains("cache hit");

        // Another size, the old modification time.
        mtime = Files.getLastModifiedTime(jar);
        try (OutputStream append = Files.newOutputStream(jar, StandardOpenOption.APPEND)) {
            append.write(0); // a byte after the zip's end record: still a valid jar
        }
        Files.setLastModifiedTime(jar, mtime);
        Result grown = runWithRepo(repo, "engine.java");
        assertThat(grown.err()).as(grown.toString()).contains("cache stale: class path changed").contains("cache miss");
        assertThat(grown.out()).isEqualTo("engine v1\n");
        assertThat(runWithRepo(repo, "engine.java").err()).contains("cache hit");
    }

    @Test
    void aCorruptFingerprintIsIgnoredAndRewritten() throws IOException {
        hello();
        Path entry = entries().get(0);
        String good = Files.readString(entry);
        String[] lines = good.split("\n", -1);
        assertThat(lines).hasSize(5); // format, line, fingerprint, end, ""
        String fingerprint = lines[2];
        // "size mtime ctime inode<TAB>" for hello.jar and picocli's jar, the line's class path
        assertThat(fingerprint).matches("([0-9]+ [0-9]+\\.[0-9]{9} [0-9]+\\.[0-9]{9} [0-9]+\t){2}");
        List<String> corruptions = List.of(
                "garbage",
                "",
                fingerprint.replaceFirst("^[0-9]+ ", "1 "), // another size of the first jar
                "$(touch " + dir.resolve("pwned") + ")");
        for (String corrupt : corruptions) {
            Files.writeString(entry, String.join("\n", lines[0], lines[1], corrupt, lines[3], ""));
            Result r = hello("x y");
            assertThat(r.err()).as(corrupt).contains("cache stale: class path changed").contains("cache miss");
            assertThat(r.exit()).as(corrupt).isZero();
            assertThat(r.out()).as(corrupt).isEqualTo("hello v1 hello picocli 4.7.7\n[x y]\n");
            assertThat(Files.readString(entry)).as("rewritten after " + corrupt).isEqualTo(good);
        }
        // Without the fingerprint line (an entry of the previous format, or a cut one).
        Files.writeString(entry, String.join("\n", lines[0], lines[1], lines[3], ""));
        assertThat(hello().err()).contains("cache miss").doesNotContain("cache hit");
        assertThat(Files.readString(entry)).isEqualTo(good);
        assertThat(hello().err()).contains("cache hit");
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    static final List<String> AWKWARD = List.of(
            "a b", "", "it's", "\"quoted\"", "$HOME", "${HOME}", "$(touch pwned)", "`touch pwned`", "back\\slash\\",
            "two\nlines", "*", "~", "#", "a=b", "-", "--flag=x y", "tab\there", "é ü", "'", "\"", "\\", " ");

    @Test
    void awkwardArgumentsArriveIntactOnAMissAndOnAHit() {
        List<String> expected = new ArrayList<>(List.of("hello v1 hello picocli 4.7.7"));
        AWKWARD.forEach(a -> expected.add("[" + a + "]"));
        String expectedOut = String.join("\n", expected) + "\n";
        Result miss = hello(AWKWARD.toArray(String[]::new));
        Result hit = hello(AWKWARD.toArray(String[]::new));
        assertThat(miss.err()).contains("cache miss");
        assertThat(hit.err()).contains("cache hit");
        assertThat(miss.out()).isEqualTo(expectedOut);
        assertThat(hit.out()).isEqualTo(expectedOut);
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void exitCodesPassThroughOnAMissAndOnAHit() throws IOException {
        Result miss = hello("exit=3");
        Result hit = hello("exit=42");
        assertThat(miss.err()).contains("cache miss");
        assertThat(hit.err()).contains("cache hit");
        assertThat(miss.exit()).isEqualTo(3);
        assertThat(hit.exit()).isEqualTo(42);
        assertThat(hello("exit=0").exit()).isZero();

        Files.writeString(dir.resolve("broken.java"), "public class broken { not java }\n");
        Result broken = run(dir, List.of("./jbang", "broken.java"));
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.err()).contains("error:").contains("Error during compile");
        assertThat(run(dir, List.of("./jbang", "broken.java")).exit()).as("a failed build is never cached").isEqualTo(1);

        Result missing = run(dir, List.of("./jbang", "missing.java"));
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("could not be found");
    }

    @Test
    void jbangOptionsAndCommandsGoStraightToJbang() {
        Result version = run(dir, List.of("./jbang", "--version"));
        assertThat(version.exit()).isZero();
        assertThat((version.out() + version.err()).strip()).isEqualTo(JBANG_VERSION); // JBang prints it on stderr
        Result withOption = run(dir, List.of("./jbang", "--quiet", "hello.java", "q"));
        assertThat(withOption.exit()).isZero();
        assertThat(withOption.out()).isEqualTo("hello v1 hello picocli 4.7.7\n[q]\n");
        assertThat(withOption.err()).doesNotContain("cache");
        assertThat(dir.resolve(".jbang/launch-cache")).doesNotExist();
    }

    @Test
    void sourcesTheWrapperCannotResolveAreNeverCached() throws IOException {
        Files.createDirectories(dir.resolve("deep/er"));
        Files.writeString(dir.resolve("deep/er/Deep.java"), "public class Deep { static String text() { return \"deep\"; } }\n");
        Files.writeString(dir.resolve("deep.java"), """
                //JAVA 17+
                //SOURCES deep/**.java
                public class deep { public static void main(String[] a) { System.out.println(Deep.text()); } }
                """);
        for (int i = 0; i < 2; i++) {
            Result r = run(dir, List.of("./jbang", "deep.java"));
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).isEqualTo("deep\n");
            assertThat(r.err()).contains("cache not used").doesNotContain("cache hit");
        }
    }

    @Test
    void aCdsScriptKeepsJbangsOwnRecordThenReuseCycle() throws IOException {
        // JBang's //CDS: its first line records an archive (-XX:ArchiveClassesAtExit), the next
        // ones use it (-XX:SharedArchiveFile). Only a using line may be cached, or every run
        // would record again.
        writeScript("hello", "info.picocli:picocli:4.7.7", "//CDS");
        Result recording = hello("exit=5", "a b");
        assertThat(recording.err()).contains("cache miss").contains("not cached");
        assertThat(recording.exit()).isEqualTo(5);
        assertThat(recording.out()).contains("hello v1 hello picocli 4.7.7\n[exit=5]\n[a b]\n");
        Result using = hello("exit=5", "a b");
        assertThat(using.err()).contains("cache miss").doesNotContain("not cached");
        Result hit = hello("exit=5", "a b");
        assertThat(hit.err()).contains("cache hit");
        String line = Files.readString(entries().get(0));
        assertThat(line).contains("-XX:SharedArchiveFile=").doesNotContain("ArchiveClassesAtExit");
        for (Result r : List.of(using, hit)) {
            assertThat(r.exit()).isEqualTo(5);
            assertThat(r.out()).isEqualTo("hello v1 hello picocli 4.7.7\n[exit=5]\n[a b]\n");
        }

        // Without its archive, the cached line is not used: JBang records a new one.
        Path archive = Path.of(line.replaceAll("(?s).*-XX:SharedArchiveFile=(\\S+).*", "$1"));
        Files.delete(archive);
        Result again = hello("k");
        assertThat(again.err()).contains("cache miss").contains("not cached");
        assertThat(again.out()).contains("[k]");
        assertThat(archive).exists();
        assertThat(hello("k").err()).as("the entry is good again").contains("cache hit");
    }

    @Test
    void anotherJavaIsAMissAndRunsOnThatJava() throws IOException {
        // JBang 0.132.1 runs scripts on the java that runs JBang (the wrapper's: PATH's) when it
        // meets //JAVA; JAVA_HOME is part of the key too.
        Path otherJdk = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(otherJdk.resolve("bin/java")),
                "needs a second JDK at " + otherJdk);
        Files.writeString(dir.resolve("version.java"), """
                //JAVA 17+
                // test %s
                public class version { public static void main(String[] a) { System.out.println(Runtime.version().feature()); } }
                """.formatted(nonce));
        Result first = run(dir, List.of("./jbang", "version.java"));
        assertThat(run(dir, List.of("./jbang", "version.java")).err()).contains("cache hit");

        ProcessBuilder otherPath = new ProcessBuilder("./jbang", "version.java").directory(dir.toFile());
        otherPath.environment().put("PATH", otherJdk.resolve("bin") + ":" + System.getenv("PATH"));
        otherPath.environment().put("EMRFLOW_JBANG_DEBUG", "1");
        Result onOther = run(otherPath);
        assertThat(onOther.err()).contains("cache miss");
        assertThat(onOther.out().strip()).isEqualTo("25").isNotEqualTo(first.out().strip());
        assertThat(run(otherPath).err()).contains("cache hit");
        assertThat(run(otherPath).out().strip()).isEqualTo("25");

        ProcessBuilder otherHome = new ProcessBuilder("./jbang", "version.java").directory(dir.toFile());
        otherHome.environment().put("JAVA_HOME", otherJdk.toString());
        otherHome.environment().put("EMRFLOW_JBANG_DEBUG", "1");
        Result withHome = run(otherHome);
        assertThat(withHome.err()).contains("cache miss");
        assertThat(withHome.out()).isEqualTo(first.out());
    }

    @Test
    void aJdkUpdatedInPlaceIsAMissAndItsArchiveIsRecordedAgain() throws IOException {
        // A JDK updated in place keeps its path: its release file (which names the exact build)
        // changes. A stand-in JDK: bin/java runs this test's java, release is a copy of its file.
        Path realJava = Path.of(System.getProperty("java.home"), "bin", "java");
        Path jdk = dir.resolve("jdk");
        Files.createDirectories(jdk.resolve("bin"));
        Path java = Files.writeString(jdk.resolve("bin/java"), "#!/bin/sh\nexec '" + realJava + "' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path release = Files.copy(Path.of(System.getProperty("java.home"), "release"), jdk.resolve("release"));
        Map<String, String> onJdk = Map.of("PATH", jdk.resolve("bin") + ":" + System.getenv("PATH"));
        assertThat(helloWith(onJdk, "a").err()).contains("cache miss");
        assertThat(helloWith(onJdk, "a").err()).contains("class archive recorded");
        assertThat(helloWith(onJdk, "a").err()).contains("class archive: use");
        List<Path> before = archives();
        assertThat(before).hasSize(1);

        Files.writeString(release, "JAVA_VERSION_DATE=\"2099-01-01\"\n", StandardOpenOption.APPEND);
        Result updated = helloWith(onJdk, "a");
        assertThat(updated.err()).contains("cache miss");
        assertThat(updated.out()).isEqualTo("hello v1 hello picocli 4.7.7\n[a]\n");
        assertThat(before.get(0)).as("the old build's archive goes with its entry").doesNotExist();
        assertThat(helloWith(onJdk, "a").err()).contains("class archive recorded");
        assertThat(helloWith(onJdk, "a").err()).contains("class archive: use");
    }

    // ---- class archive (AppCDS) beside the entry -------------------------------------------------

    @Test
    void aClassArchiveIsRecordedOnTheFirstHitAndMappedOnLaterOnes() throws IOException {
        Result miss = hello("a");
        assertThat(miss.err()).contains("cache miss");
        assertThat(archives()).as("a miss records nothing: JBang's JVM ran first").isEmpty();
        Result help = hello("--help");
        assertThat(help.err()).contains("cache hit").contains("class archive: none");
        assertThat(archives()).as("a --help run loads too few classes to be worth recording").isEmpty();

        Result recording = hello("a");
        assertThat(recording.err()).contains("cache hit").contains("class archive recorded");
        assertThat(recording.exit()).isZero();
        assertThat(recording.out()).isEqualTo(miss.out()).isEqualTo("hello v1 hello picocli 4.7.7\n[a]\n");
        Path entry = entries().get(0);
        assertThat(archives()).containsExactly(entry.resolveSibling("cds." + entry.getFileName() + ".jsa"));

        Result mapped = helloWith(Map.of("JDK_JAVA_OPTIONS", "-Xlog:class+load=info"), "a");
        assertThat(mapped.err()).contains("class archive: use");
        assertThat(mapped.out()).as(mapped.toString())
                .contains("hello source: shared objects file (top)", "Greeting source: shared objects file (top)");
        assertThat(withoutLog(mapped.out())).isEqualTo("hello v1 hello picocli 4.7.7\n[a]\n");
        assertThat(hello("--help").err()).as("help runs never map it").contains("class archive: none");

        // Recording and mapping say nothing without the debug variable.
        Files.delete(archives().get(0));
        for (int i = 0; i < 2; i++) {
            Result quiet = run(dir, List.of("./jbang", "hello.java", "q"), false);
            assertThat(quiet.err()).isEmpty();
            assertThat(quiet.out()).isEqualTo("hello v1 hello picocli 4.7.7\n[q]\n");
        }
        assertThat(archives()).hasSize(1);
    }

    @Test
    void theClassArchiveIsRebuiltWhenTheScriptTheEngineOrTheJavaChanges() throws IOException {
        Path repo = dir.resolve("m2");
        String engine = "engine-" + nonce;
        Path engineJar = install(repo, engine, "1.0-SNAPSHOT", "", ENGINE_V1);
        writeEngineScript(engine, "1.0-SNAPSHOT");
        assertThat(runWithRepo(repo, "engine.java").err()).contains("cache miss");
        assertThat(runWithRepo(repo, "engine.java").err()).contains("class archive recorded");
        Path v1Archive = engineArchive();
        assertMapped(repo, Map.of(), "engine v1\n");

        // The engine rebuilt in place (mvn install): the entry is stale, and its archive goes with it.
        Path rebuilt = install(repo, engine, "1.0-SNAPSHOT", "", Map.of("enginelib.Engine", """
                package enginelib;
                public class Engine { public static String text() { return "engine v2"; } }
                """));
        assertThat(rebuilt).isEqualTo(engineJar);
        Result afterInstall = runWithRepo(repo, "engine.java");
        assertThat(afterInstall.err()).contains("cache stale: class path changed").contains("cache miss");
        assertThat(afterInstall.out()).isEqualTo("engine v2\n");
        assertThat(v1Archive).doesNotExist();
        assertThat(runWithRepo(repo, "engine.java").err()).contains("class archive recorded");
        assertMapped(repo, Map.of(), "engine v2\n");

        // Only touched (same bytes, a new time): stale all the same, so recorded again.
        Files.setLastModifiedTime(engineJar, FileTime.from(Files.getLastModifiedTime(engineJar).toInstant().plusNanos(1000)));
        assertThat(runWithRepo(repo, "engine.java").err()).contains("cache stale: class path changed");
        assertThat(archivesOf("engine.java")).isEmpty();
        assertThat(runWithRepo(repo, "engine.java").err()).contains("class archive recorded");

        // The script edited: a new entry, the old one and its archive dropped.
        Path oldArchive = engineArchive();
        Files.writeString(dir.resolve("engine.java"), "// edited\n", StandardOpenOption.APPEND);
        assertThat(runWithRepo(repo, "engine.java").err()).contains("cache miss");
        assertThat(oldArchive).doesNotExist();
        assertThat(runWithRepo(repo, "engine.java").err()).contains("class archive recorded");
        Path edited = engineArchive();
        assertThat(edited).isNotEqualTo(oldArchive);
        assertThat(edited.getFileName().toString()).isEqualTo("cds." + engineEntry().getFileName() + ".jsa");
        assertMapped(repo, Map.of(), "engine v2\n");

        // Another java (first on PATH, as JBang picks it): another entry, recorded by and for that java.
        Path otherJdk = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(otherJdk.resolve("bin/java")),
                "needs a second JDK at " + otherJdk);
        Map<String, String> otherPath = Map.of("PATH", otherJdk.resolve("bin") + ":" + System.getenv("PATH"));
        assertThat(runWithRepo(repo, "engine.java", otherPath).err()).contains("cache miss");
        assertThat(edited).as("the other java's entry replaces the first").doesNotExist();
        Result onOther = runWithRepo(repo, "engine.java", otherPath);
        assertThat(onOther.err()).as(onOther.toString()).contains("class archive recorded");
        assertThat(Files.readString(engineEntry())).contains(otherJdk.toString());
        assertMapped(repo, otherPath, "engine v2\n");
    }

    @Test
    void aCorruptClassArchiveIsIgnoredAndNeverReachesTheOutput() throws IOException {
        hello();
        assertThat(hello().err()).contains("class archive recorded");
        Path archive = archives().get(0);
        Path sidecar = Path.of(archive + ".fp");
        byte[] good = Files.readAllBytes(archive);
        byte[] garbage = new byte[100_000];
        new java.util.Random(42).nextBytes(garbage);

        // Damaged where the wrapper can see it (its size, times or inode differ from the sidecar's,
        // or the sidecar is damaged): deleted, the run goes without it, and records a new one. A
        // truncated archive would crash the JVM (SIGBUS): it must never be mapped.
        List<Runnable> damages = List.of(
                () -> overwrite(archive, garbage),
                () -> overwrite(archive, Arrays.copyOf(good, good.length / 2)),
                () -> overwrite(archive, good), // the same bytes, but rewritten: another ctime
                () -> overwrite(sidecar, "garbage\n".getBytes(StandardCharsets.UTF_8)),
                () -> overwrite(sidecar, new byte[0]),
                () -> delete(sidecar),
                () -> delete(archive));
        for (int i = 0; i < damages.size(); i++) {
            damages.get(i).run();
            Result quiet = run(dir, List.of("./jbang", "hello.java", "x y"), false);
            assertThat(quiet.err()).as("damage " + i).isEmpty();
            assertThat(quiet.exit()).as("damage " + i).isZero();
            assertThat(quiet.out()).as("damage " + i).isEqualTo("hello v1 hello picocli 4.7.7\n[x y]\n");
            assertThat(hello().err()).as("damage " + i + ": recorded again").contains("class archive: use");
        }

        // Damaged without a trace (the sidecar made to match garbage): the JVM rejects the file
        // itself and, with its CDS logging off, runs without it in silence.
        overwrite(archive, garbage);
        String stat = run(new ProcessBuilder("stat", "-L", "--printf", "%s %.9Y %.9Z %i", archive.toString())).out();
        List<String> fp = Files.readAllLines(sidecar);
        Files.write(sidecar, List.of(stat, fp.get(1), "end"));
        Result quiet = run(dir, List.of("./jbang", "hello.java", "x y"), false);
        assertThat(quiet.err()).isEmpty();
        assertThat(quiet.exit()).isZero();
        assertThat(quiet.out()).isEqualTo("hello v1 hello picocli 4.7.7\n[x y]\n");
        assertThat(hello("exit=3").exit()).isEqualTo(3);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("hs_err"))).as("no JVM crash report").isEmpty();
        }
    }

    @Test
    void runAndRunlocalKeepAnEntryEachAndKnowHowTheyWereStarted() throws IOException {
        // run.java --local starts runlocal.java through this wrapper (local/LocalLaunch), named like
        // run.java was: each script keeps its own entry and archive, neither evicts the other, and
        // both see the wrapper and their own name. runlocal.java's -Xshare:auto keeps it unrecorded.
        String printer = """
                //JAVA 17+
                %s
                // test %s
                public class %s {
                    public static void main(String[] a) {
                        System.out.println(System.getenv("EMRFLOW_JBANG") + " " + System.getenv("EMRFLOW_JBANG_SCRIPT"));
                    }
                }
                """;
        Files.createDirectories(dir.resolve("scripts"));
        Files.writeString(dir.resolve("scripts/run.java"), printer.formatted("", nonce, "run"));
        Files.writeString(dir.resolve("scripts/runlocal.java"), printer.formatted("//JAVA_OPTIONS -Xshare:auto", nonce, "runlocal"));
        String wrapper = dir.resolve("jbang").toString();
        for (int round = 0; round < 3; round++) {
            Result remote = run(dir, List.of("./jbang", "scripts/run.java"));
            Result local = run(dir, List.of("./jbang", "scripts/runlocal.java"));
            assertThat(remote.out()).as(remote.toString()).isEqualTo(wrapper + " scripts/run.java\n");
            assertThat(local.out()).as(local.toString()).isEqualTo(wrapper + " scripts/runlocal.java\n");
            if (round == 0) {
                assertThat(remote.err()).contains("cache miss");
                assertThat(local.err()).contains("cache miss");
            } else {
                assertThat(remote.err()).as("round " + round).contains("cache hit").doesNotContain("cache miss");
                assertThat(local.err()).as("round " + round).contains("cache hit").contains("class archive: none");
            }
        }
        assertThat(archivesOf("run.java")).hasSize(1);
        assertThat(archivesOf("runlocal.java")).isEmpty();
        // Editing one script is a miss for it only.
        Files.writeString(dir.resolve("scripts/runlocal.java"), "// edited\n", StandardOpenOption.APPEND);
        assertThat(run(dir, List.of("./jbang", "scripts/runlocal.java")).err()).contains("cache miss");
        assertThat(run(dir, List.of("./jbang", "scripts/run.java")).err()).contains("cache hit").contains("class archive: use");
    }

    @Test
    void aRecordingRunPassesSignalsOnAndKeepsNoArchiveWhenKilled() throws Exception {
        Files.writeString(dir.resolve("sleeper.java"), """
                //JAVA 17+
                // test %s
                public class sleeper {
                    public static void main(String[] a) throws Exception {
                        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook")));
                        System.out.println("ready " + a.length);
                        System.out.flush();
                        if (a.length > 0) Thread.sleep(120_000);
                    }
                }
                """.formatted(nonce));
        assertThat(run(dir, List.of("./jbang", "sleeper.java")).err()).contains("cache miss");
        ProcessBuilder builder = new ProcessBuilder("./jbang", "sleeper.java", "sleep").directory(dir.toFile());
        builder.environment().put("EMRFLOW_JBANG_DEBUG", "1");
        builder.environment().put("JBANG_NO_VERSION_CHECK", "true");
        // Files, not pipes: the JVM is the wrapper's child here, and a pipe still open in a child
        // after its parent ended is closed under a reading thread by Process (IOException).
        Path outFile = dir.resolve("sleeper.out");
        Path errFile = dir.resolve("sleeper.err");
        builder.redirectOutput(outFile.toFile()).redirectError(errFile.toFile());
        Process wrapper = builder.start();
        wrapper.getOutputStream().close();
        for (int i = 0; i < 600 && !Files.readString(outFile).contains("ready 1"); i++) {
            Thread.sleep(100);
        }
        assertThat(Files.readString(outFile)).isEqualTo("ready 1\n");
        List<ProcessHandle> jvms = wrapper.descendants().toList();
        assertThat(jvms).as("the recording JVM runs as the wrapper's child").isNotEmpty();
        wrapper.destroy(); // SIGTERM to the wrapper, as a test or kill(1) sends it
        assertThat(wrapper.waitFor(60, TimeUnit.SECONDS)).isTrue();
        for (ProcessHandle jvm : jvms) {
            assertThat(jvm.isAlive()).as("the wrapper ends after its JVM").isFalse();
        }
        String errors = Files.readString(errFile);
        assertThat(Files.readString(outFile)).as("the JVM got the signal and ran its shutdown hooks; stderr: " + errors)
                .isEqualTo("ready 1\nshutdown hook\n");
        assertThat(wrapper.exitValue()).isEqualTo(143);
        assertThat(errors).contains("class archive: record", "class archive not kept");
        try (Stream<Path> files = Files.list(dir.resolve(".jbang/launch-cache"))) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("cds.sleeper.java.")))
                    .as("no archive or temp file, only the note that one recording was killed")
                    .singleElement().asString().endsWith(".jsa.killed");
        }
        Result next = run(dir, List.of("./jbang", "sleeper.java"));
        assertThat(next.err()).as("a kill may be chance: the next run records").contains("class archive recorded");
        assertThat(next.out()).isEqualTo("ready 0\nshutdown hook\n");
        assertThat(run(dir, List.of("./jbang", "sleeper.java")).err()).contains("class archive: use");
    }

    /** One run of engine.java with class loading logged: every class of the script and engine comes from the archive. */
    void assertMapped(Path repo, Map<String, String> env, String expected) {
        Map<String, String> logged = new java.util.HashMap<>(env);
        logged.put("JDK_JAVA_OPTIONS", "-Xlog:class+load=info");
        Result r = runWithRepo(repo, "engine.java", logged);
        assertThat(r.err()).as(r.toString()).contains("class archive: use");
        assertThat(r.out()).as(r.toString())
                .contains("engine source: shared objects file (top)", "enginelib.Engine source: shared objects file (top)");
        assertThat(withoutLog(r.out())).isEqualTo(expected);
    }

    /** Output without the JVM's -Xlog lines. */
    static String withoutLog(String out) {
        return out.lines().filter(l -> !l.matches("\\[[0-9.]+s\\]\\[.*")).map(l -> l + "\n").collect(java.util.stream.Collectors.joining());
    }

    Result helloWith(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of("./jbang", "hello.java"));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().put("EMRFLOW_JBANG_DEBUG", "1");
        builder.environment().putAll(env);
        return run(builder);
    }

    Result runWithRepo(Path repo, String script, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder("./jbang", script).directory(dir.toFile());
        builder.environment().put("EMRFLOW_JBANG_DEBUG", "1");
        builder.environment().put("JBANG_REPO", repo.toString());
        builder.environment().putAll(env);
        return run(builder);
    }

    Path engineArchive() throws IOException {
        List<Path> found = archivesOf("engine.java");
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    List<Path> archives() {
        return archivesOf("hello.java");
    }

    /** The class archives (cds.ENTRY.jsa) of SCRIPT's entries. */
    List<Path> archivesOf(String script) {
        try (Stream<Path> files = Files.list(dir.resolve(".jbang/launch-cache"))) {
            String pattern = "cds\\." + java.util.regex.Pattern.quote(script) + "\\.[0-9a-f]{64}\\.jsa";
            return files.filter(f -> f.getFileName().toString().matches(pattern)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces a file's bytes in place (the JVM writes archives read-only). */
    static void overwrite(Path file, byte[] bytes) {
        try {
            file.toFile().setWritable(true);
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------

    Result hello(String... args) {
        List<String> command = new ArrayList<>(List.of("./jbang", "hello.java"));
        command.addAll(Arrays.asList(args));
        Result r = run(dir, command);
        assertThat(r.err()).as(r.toString()).doesNotContain("Exception");
        return r;
    }

    static final Map<String, String> ENGINE_V1 = Map.of("enginelib.Engine", """
            package enginelib;
            public class Engine { public static String text() { return "engine v1"; } }
            """);

    /** engine.java: prints enginelib.Engine.text() from test.emrflow:ENGINE:VERSION. */
    void writeEngineScript(String engine, String version) throws IOException {
        Files.writeString(dir.resolve("engine.java"), """
                //JAVA 17+
                //DEPS test.emrflow:%s:%s
                // test %s
                public class engine { public static void main(String[] a) { System.out.println(enginelib.Engine.text()); } }
                """.formatted(engine, version, nonce));
    }

    /** Runs {@code ./jbang SCRIPT} with {@code repo} as JBang's local Maven repository. */
    Result runWithRepo(Path repo, String script) {
        ProcessBuilder builder = new ProcessBuilder("./jbang", script).directory(dir.toFile());
        builder.environment().put("EMRFLOW_JBANG_DEBUG", "1");
        builder.environment().put("JBANG_REPO", repo.toString());
        return run(builder);
    }

    Path engineEntry() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve(".jbang/launch-cache"))) {
            return files.filter(f -> f.getFileName().toString().startsWith("engine.java.")).findFirst().orElseThrow();
        }
    }

    static String dependency(String artifactId, String version) {
        return "<dependencies><dependency><groupId>test.emrflow</groupId><artifactId>%s</artifactId><version>%s</version></dependency></dependencies>"
                .formatted(artifactId, version);
    }

    /**
     * Compiles {@code sources} (class name to source) against {@code classPath} and writes
     * test.emrflow:ARTIFACT:VERSION's jar and pom into the Maven repository {@code repo}, over
     * whatever is there (as {@code mvn install} does); returns the jar.
     */
    static Path install(Path repo, String artifactId, String version, String pomDependencies,
            Map<String, String> sources, Path... classPath) throws IOException {
        Path work = Files.createTempDirectory(repo.getParent(), "build");
        List<String> args = new ArrayList<>(List.of("-d", work.resolve("classes").toString()));
        if (classPath.length > 0) {
            args.addAll(List.of("-classpath", classPath[0].toString()));
        }
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = work.resolve("src").resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, args.toArray(String[]::new))).as("javac " + args).isZero();

        Path folder = repo.resolve("test/emrflow").resolve(artifactId).resolve(version);
        Files.createDirectories(folder);
        Path jar = folder.resolve(artifactId + "-" + version + ".jar");
        Path classes = work.resolve("classes");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new ZipEntry(classes.relativize(f).toString()));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        Files.writeString(folder.resolve(artifactId + "-" + version + ".pom"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>test.emrflow</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                  %s
                </project>
                """.formatted(artifactId, version, pomDependencies));
        return jar;
    }

    /** The cache entries (not archives or markers) in this test's folder. */
    List<Path> entries() {
        try (Stream<Path> files = Files.list(dir.resolve(".jbang/launch-cache"))) {
            return files.filter(f -> f.getFileName().toString().matches("hello\\.java\\.[0-9a-f]{64}")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A hard link where possible (same file system), else a copy: never a symbolic link out of a temp dir. */
    static void link(Path existing, Path link) throws IOException {
        try {
            Files.createLink(link, existing.toRealPath());
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(existing, link);
        }
    }

    static void copyWrapper(Path to) throws IOException {
        Path wrapper = to.resolve("jbang");
        Files.copy(TestProjects.repo().resolve("jbang"), wrapper);
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static Result run(Path dir, List<String> command) {
        return run(dir, command, true);
    }

    static Result run(Path dir, List<String> command, boolean debug) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        if (debug) {
            builder.environment().put("EMRFLOW_JBANG_DEBUG", "1");
        } else {
            builder.environment().remove("EMRFLOW_JBANG_DEBUG");
        }
        return run(builder);
    }

    static Result run(ProcessBuilder builder) {
        List<String> command = builder.command();
        builder.environment().put("JBANG_NO_VERSION_CHECK", "true");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> out = read(process.getInputStream());
            CompletableFuture<String> err = read(process.getErrorStream());
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static CompletableFuture<String> read(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
