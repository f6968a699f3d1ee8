package io.dpfah.notebook.kernel;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Adds a call to {@link CellCancellation#checkpoint()} at the start of every method and before
 * every backward jump (loop back-edges, including backward switch targets) of a class compiled
 * from a cell. The call takes and leaves nothing on the operand stack and changes no local, so
 * the class's stack map frames and maximum stack stay valid as they are.
 */
final class CellInstrumenter {
  private static final String OWNER = Type.getInternalName(CellCancellation.class);
  private static final String METHOD = "checkpoint";
  private static final String DESCRIPTOR = "()V";

  private CellInstrumenter() {}

  /**
   * The instrumented class file.
   *
   * @throws IllegalArgumentException if ASM cannot read it (e.g. a class file version newer than
   *     this ASM knows)
   */
  static byte[] instrument(byte[] classFile) {
    ClassReader reader = new ClassReader(classFile);
    ClassWriter writer = new ClassWriter(reader, 0);
    reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
          String[] exceptions) {
        return new Checkpoints(super.visitMethod(access, name, descriptor, signature, exceptions));
      }
    }, 0);
    return writer.toByteArray();
  }

  /** Inserts the checkpoint calls into one method. */
  private static final class Checkpoints extends MethodVisitor {
    private final Set<Label> placed = new HashSet<>();

    Checkpoints(MethodVisitor next) {
      super(Opcodes.ASM9, next);
    }

    @Override
    public void visitCode() {
      super.visitCode();
      checkpoint();
    }

    @Override
    public void visitLabel(Label label) {
      placed.add(label);
      super.visitLabel(label);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
      if (placed.contains(label)) {
        checkpoint();
      }
      super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
      if (placed.contains(dflt) || Arrays.stream(labels).anyMatch(placed::contains)) {
        checkpoint();
      }
      super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
      if (placed.contains(dflt) || Arrays.stream(labels).anyMatch(placed::contains)) {
        checkpoint();
      }
      super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    private void checkpoint() {
      super.visitMethodInsn(Opcodes.INVOKESTATIC, OWNER, METHOD, DESCRIPTOR, false);
    }
  }
}
