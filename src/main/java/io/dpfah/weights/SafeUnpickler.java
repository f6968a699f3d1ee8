package io.dpfah.weights;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * An unpickler for {@code torch.save} state dicts that treats the pickle as data: the only
 * globals it resolves are {@code collections.OrderedDict}, {@code torch._utils._rebuild_tensor_v2},
 * {@code torch._utils._rebuild_parameter} and the {@code torch.*Storage} types, each to a Java
 * stand-in; any other global (e.g. {@code os.system}) and the class-instantiating opcodes are
 * rejected before anything is built. Persistent ids become {@link StorageRef}s.
 */
final class SafeUnpickler extends Unpickler {

  /** A storage: its element type, key (zip entry / legacy key), elements and element offset. */
  record StorageRef(DType dtype, String key, long numel, long offset) {}

  /** A tensor view of a storage. */
  record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {}

  /** A storage type global ({@code torch.FloatStorage}, …). */
  private record StorageType(DType dtype) implements IObjectConstructor {
    @Override
    public Object construct(Object[] args) {
      throw new PickleException("a storage type is not callable in a state dict");
    }
  }

  private static final short GLOBAL = 'c';
  private static final short STACK_GLOBAL = 0x93;
  private static final short BUILD = 'b';
  private static final short INST = 'i';
  private static final short OBJ = 'o';
  private static final short NEWOBJ = 0x81;
  private static final short NEWOBJ_EX = 0x92;
  private static final short EXT1 = 0x82;
  private static final short EXT2 = 0x83;
  private static final short EXT4 = 0x84;

  private final String file;
  private final Function<Object[], StorageRef> storages;

  /**
   * @param file the file, for messages
   * @param storages resolves a persistent id tuple to its storage
   */
  SafeUnpickler(String file, Function<Object[], StorageRef> storages) {
    this.file = file;
    this.storages = storages;
  }

  @Override
  protected Object dispatch(short key) throws PickleException, IOException {
    switch (key) {
      case GLOBAL: {
        String module = PickleUtils.readline(input);
        String name = PickleUtils.readline(input);
        stack.add(resolve(module, name));
        return NO_RETURN_VALUE;
      }
      case STACK_GLOBAL: {
        Object name = stack.pop();
        Object module = stack.pop();
        stack.add(resolve(String.valueOf(module), String.valueOf(name)));
        return NO_RETURN_VALUE;
      }
      case BUILD: {
        stack.pop();
        if (!(stack.peek() instanceof Map)) {
          throw new WeightsException(file + ": the pickle sets the state of a "
              + stack.peek().getClass().getSimpleName() + "; a state dict never does this");
        }
        return NO_RETURN_VALUE;
      }
      case INST:
      case OBJ:
      case NEWOBJ:
      case NEWOBJ_EX:
      case EXT1:
      case EXT2:
      case EXT4:
        throw new WeightsException(file + ": the pickle instantiates objects (opcode 0x"
            + Integer.toHexString(key) + "); a torch.save state dict never does; refusing to load"
            + " it (nothing was executed)");
      default:
        return super.dispatch(key);
    }
  }

  private IObjectConstructor resolve(String module, String name) {
    String global = module + "." + name;
    switch (global) {
      case "collections.OrderedDict":
        return args -> new LinkedHashMap<Object, Object>();
      case "torch._utils._rebuild_tensor_v2":
        return SafeUnpickler::rebuildTensor;
      case "torch._utils._rebuild_parameter":
        return args -> args[0];
      default:
        break;
    }
    DType dtype = module.equals("torch") ? DType.ofStorage(name) : null;
    if (dtype != null) {
      return new StorageType(dtype);
    }
    throw new WeightsException(file + ": the pickle references " + global
        + ", which a state dict never needs (allowed: collections.OrderedDict,"
        + " torch._utils._rebuild_tensor_v2, torch._utils._rebuild_parameter, torch.*Storage);"
        + " refusing to load it (nothing was executed)");
  }

  private static Object rebuildTensor(Object[] args) {
    if (args.length < 4 || !(args[0] instanceof StorageRef storage)) {
      throw new PickleException("_rebuild_tensor_v2: expected (storage, offset, size, stride, …)");
    }
    return new TensorRef(storage, ((Number) args[1]).longValue(), longs(args[2]), longs(args[3]));
  }

  private static long[] longs(Object tuple) {
    Object[] t = (Object[]) tuple;
    long[] out = new long[t.length];
    for (int i = 0; i < t.length; i++) {
      out[i] = ((Number) t[i]).longValue();
    }
    return out;
  }

  @Override
  protected Object persistentLoad(Object pid) {
    if (!(pid instanceof Object[] t) || t.length < 5 || !"storage".equals(t[0])
        || !(t[1] instanceof StorageType type)) {
      throw new WeightsException(file + ": unexpected persistent id in the pickle (expected"
          + " ('storage', torch.*Storage, key, location, numel))");
    }
    Object[] id = t.clone();
    id[1] = type.dtype();
    return storages.apply(id);
  }
}
