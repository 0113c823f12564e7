// Runs after maven-archetype-plugin has written the project (binding: `request`).
//
// 1. Checks the values that end up in emrflow.properties. The plugin only applies validationRegex to
//    values typed interactively, so -Dbucket=Bad_Bucket would otherwise produce a project whose every
//    script fails. On a bad value the files this archetype wrote are removed again and generation
//    fails with ONE line naming the property, the value and what is allowed.
// 2. Restores the run bits the archetype jar loses (the ./jbang wrapper, the scripts, the emulator).
//
// The rules are the library's (io.github.emrflow.Names and Setting); the archetype's
// PostGenerateScriptTest holds the two to the same answers.

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermission
import java.util.zip.ZipFile
import javax.lang.model.SourceVersion

Properties props = request.properties
Path projectDir = Path.of(request.outputDirectory, request.artifactId)

/** S3's general-purpose bucket naming rules (io.github.emrflow.Names.isValidBucket). */
boolean isValidBucket(String name) {
    name ==~ /[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/ &&
            !name.contains('..') && !name.contains('.-') && !name.contains('-.') &&
            !(name ==~ /\d{1,3}(\.\d{1,3}){3}/) &&
            !['xn--', 'sthree-', 'amzn-s3-demo-'].any { name.startsWith(it) } &&
            !['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'].any { name.endsWith(it) }
}

/** The shape of a region code (io.github.emrflow.Names.isValidRegion). */
boolean isValidRegion(String region) {
    region ==~ /[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d/
}

/** name.prefix (io.github.emrflow.Setting.NAME_PREFIX). */
boolean isValidNamePrefix(String prefix) {
    prefix ==~ /[A-Za-z][A-Za-z0-9-]{0,31}/
}

/** The first problem with the given values, as the one line to show, or null. */
String problem(Properties p) {
    String bucket = p.getProperty('bucket', '')
    if (!isValidBucket(bucket)) {
        return "Invalid -Dbucket=${bucket}: an S3 bucket name has 3-63 characters (lowercase letters, digits, '.' and '-'), " +
                "starts and ends with a letter or digit, has no '..', '.-' or '-.', is not an IP address, " +
                "and has no reserved prefix or suffix such as 'xn--' or '-s3alias'"
    }
    String region = p.getProperty('region', '')
    if (!isValidRegion(region)) {
        return "Invalid -Dregion=${region}: use an AWS region code such as us-east-1, eu-west-3 or us-gov-west-1"
    }
    String prefix = p.getProperty('namePrefix', '')
    if (!isValidNamePrefix(prefix)) {
        return "Invalid -DnamePrefix=${prefix}: a name prefix has 1-32 characters (letters, digits and '-') and starts with a letter" +
                " (it defaults to the artifactId: pass -DnamePrefix=NAME when the artifactId does not qualify)"
    }
    String label = p.getProperty('emrReleaseLabel', '')
    if (!(label ==~ /emr-7\.\d{1,2}\.\d{1,2}|emr-6\.(1[2-9]|[2-9]\d)\.\d{1,2}/)) {
        return "Invalid -DemrReleaseLabel=${label}: use emr-7.x.y or emr-6.12.0 and later (Spark 3.4+), e.g. emr-7.9.0"
    }
    String pkg = p.getProperty('package', '')
    if (!SourceVersion.isName(pkg)) {
        return "Invalid -Dpackage=${pkg}: use a Java package name such as com.example.pipeline" +
                " (it defaults to the groupId: pass -Dpackage=NAME when the groupId does not qualify)"
    }
    return null
}

/**
 * Every file this archetype writes, relative to the project folder: the archetype-resources entries
 * of the archetype jar (the plugin's context class loader), with __property__ path tokens replaced.
 * Removing exactly these, rather than the folder, spares files a user already had in it.
 */
List<String> generatedFiles(Properties p) {
    URL marker = Thread.currentThread().contextClassLoader.getResource('archetype-resources/pom.xml')
    if (marker == null) {
        return []
    }
    List<String> names = []
    if (marker.protocol == 'jar') {
        File jar = new File(new URI(marker.path.substring(0, marker.path.indexOf('!/'))))
        new ZipFile(jar).withCloseable { zip ->
            zip.entries().each { entry ->
                if (!entry.directory && entry.name.startsWith('archetype-resources/')) {
                    names << entry.name.substring('archetype-resources/'.length())
                }
            }
        }
    } else {
        Path root = Path.of(marker.toURI()).parent
        Files.walk(root).withCloseable { walk ->
            walk.filter { Files.isRegularFile(it) }.toList().each { names << root.relativize(it).toString().replace(File.separator, '/') }
        }
    }
    Map<String, String> tokens = [packageInPathFormat: p.getProperty('package', '').replace('.', '/')]
    p.stringPropertyNames().each { tokens.putIfAbsent(it, p.getProperty(it)) }
    names.collect { name -> name.replaceAll(/__([A-Za-z0-9]+)__/) { all, key -> tokens.getOrDefault(key, all) } }
}

/** Removes the generated files, then the folders that are left empty (the project folder included). */
void removeGenerated(Path projectDir, List<String> files) {
    Set<Path> dirs = new TreeSet<>(Comparator.reverseOrder())
    files.each { name ->
        Path file = projectDir.resolve(name).normalize()
        if (file.startsWith(projectDir)) {
            Files.deleteIfExists(file)
            for (Path d = file.parent; d != null && d.startsWith(projectDir); d = d.parent) {
                dirs << d
            }
        }
    }
    dirs.each { dir ->
        if (Files.isDirectory(dir)) {
            boolean empty = Files.list(dir).withCloseable { !it.findAny().present }
            if (empty) {
                Files.delete(dir)
            }
        }
    }
}

boolean startsLikeAScript(Path file) {
    byte[] head = new byte[14]
    int n = Files.newInputStream(file).withCloseable { it.read(head) }
    String start = n > 0 ? new String(head, 0, n, 'UTF-8') : ''
    start.startsWith('#!') || start.startsWith('///usr/bin/env')
}

String invalid = problem(props)
if (invalid != null) {
    removeGenerated(projectDir, generatedFiles(props))
    throw new IllegalArgumentException(invalid + "; nothing was generated")
}

// The archetype jar keeps no file modes. Make executable again what is executable in the repository:
// the files that start like a script (the ./jbang wrapper and the emulator launcher with #!, the JBang
// scripts with ///usr/bin/env jbang).
generatedFiles(props).collect { projectDir.resolve(it) }.findAll { Files.isRegularFile(it) && startsLikeAScript(it) }.each { file ->
    try {
        Set<PosixFilePermission> mode = new HashSet<>(Files.getPosixFilePermissions(file))
        mode.addAll([PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE])
        Files.setPosixFilePermissions(file, mode)
    } catch (UnsupportedOperationException ignored) {
        // Not a POSIX file system (Windows): there are no run bits to restore.
    }
}
