// The local file system of a NodeManager with the native library, as far as localization sees it:
// a permission change is one system call. Written for this project, not copied.
//
// Why: Maven Central ships Hadoop's jars but not libhadoop.so. Without it RawLocalFileSystem sets
// a permission by starting a `chmod` process, and the localizer sets one on every entry of an
// unpacked archive: a dask environment of 8,000 files took ~20 s of chmod processes, where a site
// with libhadoop pays about the unpack time. java.nio does what NativeIO's chmod does.
// Only the NodeManager loads this (cluster/src/native-like-fs.ts); `up --local-fs shell` keeps
// Hadoop's own class.
package tsdask.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

public class NioRawLocalFileSystem extends RawLocalFileSystem {
  // Bit 8 (owner read) down to bit 0 (others execute), in PosixFilePermission's declaration order.
  private static final PosixFilePermission[] BITS = PosixFilePermission.values();

  @Override
  public void setPermission(Path p, FsPermission permission) throws IOException {
    Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission.toShort()));
  }

  static Set<PosixFilePermission> posix(int mode) {
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < BITS.length; i++) if ((mode & (1 << (8 - i))) != 0) out.add(BITS[i]);
    return out; // sticky/setuid bits: the localizer never sets them
  }
}
