// The L2-regularised logistic objectives (binary and softmax) over a design matrix, averaged per
// row, with their gradients, and the class probabilities they imply. Intercepts are unpenalised.

import { type DesignMatrix, multiplyInto, transposeMultiplyInto } from '../preprocess/design-matrix.js';
import type { Objective } from './lbfgs.js';

/**
 * Parameters are laid out per class as [w_0 … w_{p−1}, b]: one block for a binary model, K
 * blocks for K classes. The objective is (1/n)·Σ s_i·log-loss_i + ‖w‖²/(2·C·n), with s_i the
 * weight of row i's class (1 unless weights are given): scikit-learn's Σ s_i·log-loss_i +
 * ‖w‖²/(2C) divided by n, so it has the same minimiser on a friendlier scale.
 */
export function logisticObjective(matrix: DesignMatrix, y: Int32Array, classes: number, c: number, fitIntercept: boolean, classWeights?: Float64Array): Objective {
  const weights = classWeights ?? new Float64Array(classes).fill(1);
  return classes === 2 ? binaryObjective(matrix, y, c, fitIntercept, weights) : softmaxObjective(matrix, y, classes, c, fitIntercept, weights);
}

/** scikit-learn's class_weight='balanced': n / (classes · count of the class), per class. */
export function balancedClassWeights(y: Int32Array, classes: number): Float64Array {
  const counts = new Float64Array(classes);
  for (const v of y) counts[v] += 1;
  return counts.map((count) => (count > 0 ? y.length / (classes * count) : 0));
}

function binaryObjective(matrix: DesignMatrix, y: Int32Array, c: number, fitIntercept: boolean, weights: Float64Array): Objective {
  const n = matrix.rows;
  const p = matrix.cols;
  const z = new Float64Array(n);
  const residual = new Float64Array(n);
  const penalty = 1 / (c * n);
  return (theta, gradient) => {
    multiplyInto(matrix, theta, 0, theta[p]!, z);
    let loss = 0;
    let residualSum = 0;
    for (let i = 0; i < n; i++) {
      const zi = z[i]!;
      const s = weights[y[i]!]!;
      loss += s * (softplus(zi) - (y[i] === 1 ? zi : 0));
      const r = s * (sigmoid(zi) - y[i]!);
      residual[i] = r;
      residualSum += r;
    }
    transposeMultiplyInto(matrix, residual, gradient, 0);
    let squares = 0;
    for (let j = 0; j < p; j++) {
      const w = theta[j]!;
      squares += w * w;
      gradient[j] = gradient[j]! / n + penalty * w;
    }
    gradient[p] = fitIntercept ? residualSum / n : 0;
    return loss / n + 0.5 * penalty * squares;
  };
}

function softmaxObjective(matrix: DesignMatrix, y: Int32Array, k: number, c: number, fitIntercept: boolean, weights: Float64Array): Objective {
  const n = matrix.rows;
  const p = matrix.cols;
  const block = p + 1;
  const logits = new Float64Array(k * n);
  const penalty = 1 / (c * n);
  return (theta, gradient) => {
    for (let cls = 0; cls < k; cls++) multiplyInto(matrix, theta, cls * block, theta[cls * block + p]!, logits.subarray(cls * n, (cls + 1) * n));
    let loss = 0;
    // Logits become residuals p_ik − [y_i = k] in place, row by row.
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      for (let cls = 0; cls < k; cls++) max = Math.max(max, logits[cls * n + i]!);
      let sum = 0;
      for (let cls = 0; cls < k; cls++) sum += Math.exp(logits[cls * n + i]! - max);
      const logSum = max + Math.log(sum);
      const s = weights[y[i]!]!;
      loss += s * (logSum - logits[y[i]! * n + i]!);
      for (let cls = 0; cls < k; cls++) logits[cls * n + i] = s * (Math.exp(logits[cls * n + i]! - logSum) - (y[i] === cls ? 1 : 0));
    }
    let squares = 0;
    for (let cls = 0; cls < k; cls++) {
      const residual = logits.subarray(cls * n, (cls + 1) * n);
      transposeMultiplyInto(matrix, residual, gradient, cls * block);
      for (let j = 0; j < p; j++) {
        const w = theta[cls * block + j]!;
        squares += w * w;
        gradient[cls * block + j] = gradient[cls * block + j]! / n + penalty * w;
      }
      let residualSum = 0;
      for (let i = 0; i < n; i++) residualSum += residual[i]!;
      gradient[cls * block + p] = fitIntercept ? residualSum / n : 0;
    }
    return loss / n + 0.5 * penalty * squares;
  };
}

/** Row-major rows × classes probabilities under the parameters `theta`. */
export function logisticProbabilities(matrix: DesignMatrix, theta: Float64Array, classes: number): Float64Array {
  const n = matrix.rows;
  const p = matrix.cols;
  const out = new Float64Array(n * classes);
  if (classes === 2) {
    const z = new Float64Array(n);
    multiplyInto(matrix, theta, 0, theta[p]!, z);
    for (let i = 0; i < n; i++) {
      const q = sigmoid(z[i]!);
      out[2 * i] = 1 - q;
      out[2 * i + 1] = q;
    }
    return out;
  }
  const block = p + 1;
  const logits = new Float64Array(classes * n);
  for (let cls = 0; cls < classes; cls++) multiplyInto(matrix, theta, cls * block, theta[cls * block + p]!, logits.subarray(cls * n, (cls + 1) * n));
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let cls = 0; cls < classes; cls++) max = Math.max(max, logits[cls * n + i]!);
    let sum = 0;
    for (let cls = 0; cls < classes; cls++) sum += Math.exp(logits[cls * n + i]! - max);
    for (let cls = 0; cls < classes; cls++) out[i * classes + cls] = Math.exp(logits[cls * n + i]! - max) / sum;
  }
  return out;
}

/** log(1 + eᶻ) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}
