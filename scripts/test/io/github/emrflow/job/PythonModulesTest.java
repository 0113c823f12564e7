package io.github.emrflow.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.emrflow.TestProjects;
import io.github.emrflow.UserError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's own packages: found, zipped byte-for-byte reproducibly, and UDFs declared against them. */
class PythonModulesTest {
    @TempDir
    Path dir;

    private Path job() throws IOException {
        Path job = Files.createDirectories(dir.resolve("job"));
        TestProjects.copyTree(TestProjects.sampleJob(TestProjects.SALARY_JOB), job);
        Files.createDirectories(job.resolve("tools/inner"));
        Files.writeString(job.resolve("tools/__init__.py"), "");
        Files.writeString(job.resolve("tools/text.py"), "def tidy(t):\n    return t.strip()\n");
        Files.writeString(job.resolve("tools/inner/__init__.py"), "X = 1\n");
        Files.createDirectories(job.resolve("notapackage"));
        Files.writeString(job.resolve("notapackage/helper.py"), "pass\n");
        return job;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static List<ZipEntry> entries(byte[] zip) throws IOException {
        List<ZipEntry> entries = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.add(e);
            }
        }
        return entries;
    }

    @Test
    void onlyFoldersWithInitPyArePackages() throws IOException {
        assertThat(PythonModules.in(job()).packages()).containsExactly("tools");
        assertThat(PythonModules.in(TestProjects.sampleJob(TestProjects.SALARY_JOB)).isEmpty()).isTrue();
    }

    @Test
    void theZipIsTheSameBytesWhateverTheFileTimesAndCaches() throws Exception {
        Path job = job();
        byte[] first = PythonModules.in(job).zip();
        Files.setLastModifiedTime(job.resolve("tools/text.py"), FileTime.fromMillis(System.currentTimeMillis() + 86_400_000L));
        Files.createDirectories(job.resolve("tools/__pycache__"));
        Files.writeString(job.resolve("tools/__pycache__/text.cpython-311.pyc"), "bytecode");
        byte[] second = PythonModules.in(job).zip();
        assertThat(sha256(second)).isEqualTo(sha256(first));
        assertThat(entries(first)).extracting(ZipEntry::getName)
                .containsExactly("tools/__init__.py", "tools/inner/__init__.py", "tools/text.py");
        assertThat(entries(first)).extracting(ZipEntry::getTime).containsOnly(entries(first).get(0).getTime());

        Files.writeString(job.resolve("tools/text.py"), "def tidy(t):\n    return t.strip().upper()\n");
        assertThat(sha256(PythonModules.in(job).zip())).isNotEqualTo(sha256(first));
    }

    @Test
    void aUdfIsLoadedFromTheJobDefinition() throws IOException {
        Path job = job();
        addUdfs(job, "[{\"name\": \"tidy_title\", \"function\": \"tools.text:tidy\", \"returnType\": \"string\"}]");
        JobDefinition definition = JobDefinitionLoader.load(job);
        assertThat(definition.udfs()).containsExactly(new Udf("tidy_title", "tools.text", "tidy", Udf.ReturnType.STRING));
        assertThat(definition.modules().packages()).containsExactly("tools");
    }

    @Test
    void aUdfOutsideTheJobsPackagesIsOneLine() throws IOException {
        Path job = job();
        addUdfs(job, "[{\"name\": \"f\", \"function\": \"numpy.core:sum\", \"returnType\": \"integer\"}]");
        assertThatThrownBy(() -> JobDefinitionLoader.load(job)).isInstanceOf(UserError.class)
                .hasMessage("job/job.json udf f: 'function' is in package 'numpy', which is not one of the job's own (tools):"
                        + " put it in job/numpy/ with an __init__.py");
    }

    @Test
    void aBadReturnTypeOrFunctionIsOneLine() throws IOException {
        Path job = job();
        addUdfs(job, "[{\"name\": \"f\", \"function\": \"tools.text:tidy\", \"returnType\": \"date\"}]");
        assertThatThrownBy(() -> JobDefinitionLoader.load(job)).hasMessage(
                "job/job.json udf f: 'returnType' is 'date'; allowed: string, integer, number, boolean");
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        TestProjects.copyTree(job, other.resolve("job"));
        addUdfs(other.resolve("job"), "[{\"name\": \"f\", \"function\": \"tools.text.tidy\", \"returnType\": \"string\"}]");
        assertThatThrownBy(() -> JobDefinitionLoader.load(other.resolve("job"))).hasMessage(
                "job/job.json udf f: 'function' is 'tools.text.tidy'; allowed: package.module:function, e.g. mytools.text:normalise");
    }

    private static void addUdfs(Path job, String udfs) throws IOException {
        String definition = Files.readString(job.resolve("job.json"));
        definition = definition.replaceFirst(",\\s*\"udfs\": \\[.*?\\]\\s*(?=,\\s*\"output\")", "");
        Files.writeString(job.resolve("job.json"), definition.replaceFirst("\"output\":", "\"udfs\": " + udfs + ",\n  \"output\":"));
    }
}
