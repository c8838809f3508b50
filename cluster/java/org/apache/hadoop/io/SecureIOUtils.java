// The secure local cluster's stand-in for Hadoop's SecureIOUtils, first on the NodeManager's
// classpath only (cluster/src/native-shim.ts). Written for this project, not copied.
//
// Why: Maven Central ships Hadoop's jars but not libhadoop.so. In secure mode Hadoop's class
// refuses to load without it, and its checks call native fstat, so the NodeManager dies the
// first time it aggregates or serves a container log. The check compares a log file's owner
// with the application's user; under the DefaultContainerExecutor every container runs as the
// NodeManager's own process user, so the check could only fail here and protects nothing.
// This class keeps the public API and opens files the way Hadoop does on a non-secure cluster.
// A real site has libhadoop.so and the LinuxContainerExecutor and needs none of this.
package org.apache.hadoop.io;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

public class SecureIOUtils {
  public static RandomAccessFile openForRandomRead(File f, String mode, String expectedOwner, String expectedGroup)
      throws IOException {
    return new RandomAccessFile(f, mode);
  }

  public static FSDataInputStream openFSDataInputStream(File f, String expectedOwner, String expectedGroup)
      throws IOException {
    return FileSystem.getLocal(new Configuration()).getRaw().open(new Path(f.getAbsolutePath()));
  }

  public static FileInputStream openForRead(File f, String expectedOwner, String expectedGroup) throws IOException {
    return new FileInputStream(f);
  }

  /** Creates `f` only if it does not exist yet, with the given permission bits (e.g. 0600). */
  public static FileOutputStream createForWrite(File f, int permissions) throws IOException {
    try {
      Files.createFile(f.toPath(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(rwx(permissions))));
    } catch (FileAlreadyExistsException e) {
      throw new AlreadyExistsException(e);
    }
    return new FileOutputStream(f);
  }

  private static String rwx(int mode) {
    StringBuilder s = new StringBuilder();
    for (int shift = 6; shift >= 0; shift -= 3) {
      int bits = (mode >> shift) & 7;
      s.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
    }
    return s.toString();
  }

  public static class AlreadyExistsException extends IOException {
    private static final long serialVersionUID = 1L;

    public AlreadyExistsException(String msg) {
      super(msg);
    }

    public AlreadyExistsException(Throwable cause) {
      super(cause);
    }
  }
}
