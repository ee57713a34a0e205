package io.eventpipeline.core.serde.internal;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAmount;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Whether the JSON of a type has fixed field names only: its fields, and those of every type it holds
 * (records' components, other classes' instance fields; elements of collections, arrays and optionals), are
 * leaves (numbers, text, booleans, enums, times) or such types again. A map (its keys become field names),
 * a JSON tree, an {@code Object}, an interface or a type variable anywhere makes it not fixed: that is the
 * safe answer when unsure.
 */
public final class FieldNames {

    private static final ClassValue<Boolean> FIXED = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return fixed(type, new HashSet<>());
        }
    };

    private FieldNames() {
    }

    /** Whether {@code type}'s JSON has fixed field names only. */
    public static boolean fixed(Class<?> type) {
        return FIXED.get(type);
    }

    private static boolean fixed(Type type, Set<Class<?>> visiting) {
        if (type instanceof Class<?> c) {
            return fixedClass(c, visiting);
        }
        if (type instanceof GenericArrayType array) {
            return fixed(array.getGenericComponentType(), visiting);
        }
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw) {
            if (Collection.class.isAssignableFrom(raw) || raw == Optional.class) {
                Type[] arguments = parameterized.getActualTypeArguments();
                return arguments.length == 1 && fixed(arguments[0], visiting);
            }
            return !raw.isInterface() && fixedClass(raw, visiting) && allFixed(parameterized.getActualTypeArguments(), visiting);
        }
        return false; // type variables, wildcards
    }

    private static boolean allFixed(Type[] types, Set<Class<?>> visiting) {
        for (Type t : types) {
            if (!fixed(t, visiting)) {
                return false;
            }
        }
        return true;
    }

    private static boolean fixedClass(Class<?> c, Set<Class<?>> visiting) {
        if (leaf(c)) {
            return true;
        }
        if (c.isArray()) {
            return fixedClass(c.getComponentType(), visiting);
        }
        if (c == Object.class || c.isInterface() || Modifier.isAbstract(c.getModifiers()) || c.getName().startsWith("java.")
                || c.getName().startsWith("com.fasterxml.")) {
            return false; // maps, collections without their element type, trees, anything unknown
        }
        if (!visiting.add(c)) {
            return true; // a type that holds itself: its names are its own
        }
        if (c.isRecord()) {
            for (RecordComponent component : c.getRecordComponents()) {
                if (!fixed(component.getGenericType(), visiting)) {
                    return false;
                }
            }
            return true;
        }
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field field : k.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (!Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers) && !field.isSynthetic()
                        && !fixed(field.getGenericType(), visiting)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean leaf(Class<?> c) {
        return c.isPrimitive() || c.isEnum() || c == String.class || c == Boolean.class || c == Character.class
                || Number.class.isAssignableFrom(c) && (c.getName().startsWith("java.lang.") || c == BigDecimal.class
                        || c == BigInteger.class)
                || TemporalAccessor.class.isAssignableFrom(c) && c.getName().startsWith("java.time.")
                || TemporalAmount.class.isAssignableFrom(c) && c.getName().startsWith("java.time.")
                || c == UUID.class;
    }
}
